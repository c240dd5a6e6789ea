Die Vereinten Nationen und Großbritannien unterzeichneten das Abkommen am Dienstag.
Er sagte: "Wir bleiben hier."
Die Lage ist ernst - und sie wird schlimmer.
BERLIN (AP) - Der frühere Kanzler ist im Alter von 95 Jahren gestorben.
Rund 250000 Menschen demonstrierten in der Hauptstadt.
Die Preise stiegen im letzten Quartal um 18%.
Das selbst - gesteuerte Lernen wird immer beliebter.
Die neue Strecke ist 5km lang.
Sie sagte: „Es ist vorbei.“
