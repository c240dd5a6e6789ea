Le festival de jazz de Vienne ouvrira ses portes le 28 juin, avec une programmation qui fait la part belle aux jeunes talents.
Qui se produira sur la grande scène ?
Les organisateurs gardent encore le secret.
« Nous voulons surprendre le public », explique la directrice artistique, Claire Moreau.
Elle ajoute : « Cette édition sera la plus ouverte de notre histoire ! »
Le budget atteint 4,2 millions d’euros; la ville en finance un tiers.
Pourquoi un tel effort?
Parce que le festival attire chaque année plus de 200 000 visiteurs..
Selon la mairie, cette stratégie fait sens pour l’économie locale.
Les hôtels affichent déjà complet pour le premier week-end, et les restaurateurs prévoient  des horaires élargis.
Les billets seront en vente dès le 2 avril sur le site du festival et dans les offices de tourisme de la région.
