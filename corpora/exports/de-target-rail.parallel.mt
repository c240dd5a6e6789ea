Die Deutsche Bahn will bis zum 31. Dezember 2026 insgesamt 40 Bahnhöfe modernisieren.
Am 4. März stellte der Vorstand die Pläne in Berlin vor.
„Wir investieren so viel wie nie zuvor“, sagte die Vorstandsvorsitzende bei der Pressekonferenz.
Die Gewerkschaft sprach dagegen von „leeren Versprechen”.
Für die Fahrgäste bedeutet das in den kommenden Monaten zahlreiche Baustellen , vor allem auf der Strecke zwischen Köln und Frankfurt.
Die Bahn rechnet mit Verspätungen von bis zu 20 Minuten.
Nach Angaben des Verkehrsministeriums fließen rund 2,5 Milliarden Euro in das Programm.
Кritiker bemängeln, dass kleinere Bahnhöfe auf dem Land leer ausgehen.
Der Fahrgastverband begrüßte die Pläne grundsätzlich, forderte aber mehr Personal an den Schaltern.
