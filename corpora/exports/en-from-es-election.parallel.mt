The ruling party won the regional elections held the past Sunday in Castile, with 41,7 percent of the votes, according to the official count published this Monday.
The candidate, María Álvarez, offered a wheel of press in the headquarters of the party in Valladolid..
"It is a clear message of the citizens", she declared to the journalists, visibly moved.
Without embargo, the opposition denounced irregularities in three polling stations , and announced that it will present a complaint in the next days.
The electoral board realized a survey of the contested ballots, which confirmed the initial result.
¿The turnout reached 63 percent, five points more than in the previous elections, according with the data of the regional government.
Los resultados definitivos se publicarán el próximo jueves en el boletín oficial de la comunidad autónoma.
The new parliament will meet for the first time on 10 June to elect the president of the regional government.
