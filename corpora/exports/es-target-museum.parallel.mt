El Museo de Bellas Artes de Sevilla reabrirá sus salas el próximo 15 de octubre, tras dos años de obras de restauración.
¿Qué encontrarán los visitantes?
Una colección renovada y un recorrido completamente nuevo.
«Es un momento histórico para la ciudad», afirmó el director del museo, Javier Ortega.
¡Por fin podremos mostrar las obras tal y como merecen!
Las obras costaron 12 millones de euros, financiados en su mayoría por la Junta de Andalucía.
Cuántas piezas se expondrán?
El museo habla de más de 400 cuadros y esculturas.
La nueva iluminación permite apreciar detalles que antes pasaban desapercibidos, según los restauradores.
La entrada será gratuita durante el primer mes, lo que hace sentido para atraer a nuevos públicos.
Los horarios de apertura se ampliarán los fines de semana, y las visitas guiadas se podrán reservar en la página web del museo  a partir del lunes.
