The port authority of Rotterdam reported on Thursday that container traffic rose by 4.2% in the first half of the year, driven by strong demand from Asian markets.
"We handled more ships than ever before, and we did it with fewer delays," said the authority's chief executive, Anna de Vries.
She added that the new automated terminal, opened in March, had cut waiting times by almost a third.
Analysts at ING expect growth to slow in the second half as freight rates fall.
Dr. Martin Keller, a logistics professor at Erasmus University, said the figures were "encouraging but fragile" and warned of the effects of new tariffs.
The port employs about 385,000 people directly and indirectly.
Its expansion plans, estimated at €1.5 billion, include a hydrogen terminal scheduled to open in 2028.
International trade
The authority also signed a cooperation agreement with the port of Singapore (the largest in Asia by tonnage) to share data on shipping emissions.
