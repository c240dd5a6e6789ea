(Deutsche Welle) The German chancellor arrived in Beijing on Thursday for a two-day visit.
The rescue team sent six groups to the disaster area.
On February 10, the Shanghai index rose 3%.
The population of the city has passed a million.
The project's total investment reached 1 million yuan, and it is expected to be completed next year.
Analysts call it a losing streak: exports have fallen for five months in a row.
The spokesman said, "We will keep talking to all sides,
and we will publish the findings as soon as possible."
In the 1980s, he ran a state-owned textile mill.
BEIJING, Feb. 11 (Xinhua) -- The National Bureau of Statistics released its latest figures.
Average urban broadband speeds have now reached 1000Mbps.
This year 1080 companies took part in the exhibition.
Shanshan (600884.SH) went public in 1996.
Apple released a new Iphone model that day.
The IMF said the US economy could achieve a soft landing, and U.S. officials agreed. The U.S. Treasury welcomed the forecast.
