The minister announced a recovery plan of 3 billion euros for industry.
The ministerâ€™s office confirmed the figures.
In​flation fell in October.
The bill will be examined by the ‮Senate‬.
Les syndicats restent mobilisés contre la réforme des retraites.
The conference will be held in Pаris.
The café was closed by the prefecture.
Negotiations will resume next week.
The vote took place on Tuesday.
This Tuesday, the unions called a strike.
The price of gas rose by 7 %.
The government did not comment�.
