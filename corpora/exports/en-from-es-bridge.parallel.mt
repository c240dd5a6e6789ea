The mayor inaugurated the new bridge over the river.
The works lasted lasted two years.
The bridge  measures 300 metres.
  It cost 25 million euros.
The residents celebrated the opening.
According to the city council, traffic will fall by 30%, the past Monday announced.
The project includes a cycle lane\tand a footpath.
