This Wednesday, March 12, the prefecture of the Gard placed eleven municipalities on red alert after torrential rains that flooded the valley of the Vidourle.
Since two days, more than 300 millimetres of water have fallen on the department, according to Météo-France..
The mayor of Sommières, Pierre Ventura, declared that the river had risen by 3,5 metres in a few hours.
The firefighters carried out a dozen of rescues by helicopter during the night. .
"We have never seen that (…) the water arrived in the houses in less than ten minutes", testified a resident of the old town.
The prefect asked the population to avoid all travel until 18h30 .
In Nîmes, the schools will remain closed this Thursday.
Which forced many parents to stay at home.
The regional council announced an emergency fund of 2 million euros for the affected businesses .
According to the forecasters, the episode should end tomorrow morning. the rains will then move towards the Ardèche, where the authorities have opened three reception centres. selon les autorités locales, une centaine de personnes ont été évacuées.
The minister of the Interior will travel to the Gard on Friday to meet the mayors of the flooded municipalities and the the emergency services.
