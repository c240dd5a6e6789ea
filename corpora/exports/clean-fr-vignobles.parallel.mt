Les vendanges se sont achevées cette semaine dans le Bordelais, avec une récolte jugée « exceptionnelle » par la plupart des viticulteurs.
Les volumes progressent de 12 % par rapport à l’an dernier.
« La qualité est au rendez-vous ; les raisins sont arrivés sains à la cave », se félicite Hélène Durand, présidente du syndicat des vignerons de Saint-Émilion.
Faut-il pour autant parler d’un millésime historique ?
Il est encore trop tôt pour le dire.
Les exportations vers les États-Unis restent toutefois pénalisées par les droits de douane.
M. Lefèvre, négociant à Bordeaux, estime que le marché asiatique pourrait compenser en partie ces pertes.
La récolte sera présentée au public lors de la fête des vendanges, prévue le 18 octobre à Libourne.
