"""One invented news story told in English, German, Russian and French, and an unrelated
English story: what the language tests read. Written for these tests (no outlet's text): the
harbour strike in Marlow, its numbers (1,200 dockworkers, 48 hours, 7 percent), its day
(3 June 2024) and its names (Anna Keller, Tomasz Nowak, Nordhafen) in every version."""

from __future__ import annotations

PUBLISHED = "2024-06-04"

ENGLISH = """Dockworkers at the port of Marlow walked out on Monday, 3 June 2024, halting the \
Nordhafen container terminal for 48 hours.

About 1,200 workers joined the strike after talks on a 7 percent pay rise collapsed, said \
Tomasz Nowak, who leads the dockworkers' union.

"We have waited two years for an offer that keeps up with prices," Nowak told reporters \
outside the terminal gates.

Mayor Anna Keller urged both sides to return to the table. "The harbour is the heart of this \
city, and every day it stands still costs us all," she said.

The port authority said ships would be diverted to other terminals until Wednesday."""

GERMAN = """Die Hafenarbeiter in Marlow haben am Montag, dem 3. Juni 2024, die Arbeit \
niedergelegt und den Containerterminal Nordhafen für 48 Stunden lahmgelegt.

Rund 1.200 Beschäftigte beteiligten sich an dem Streik, nachdem die Verhandlungen über eine \
Lohnerhöhung von 7 Prozent gescheitert waren, sagte Tomasz Nowak, der Vorsitzende der \
Gewerkschaft.

„Wir warten seit zwei Jahren auf ein Angebot, das mit den Preisen Schritt hält“, sagte Nowak \
vor den Toren des Terminals.

Bürgermeisterin Anna Keller rief beide Seiten auf, an den Verhandlungstisch zurückzukehren. \
„Der Hafen ist das Herz dieser Stadt, und jeder Tag Stillstand kostet uns alle“, sagte sie.

Die Hafenbehörde teilte mit, Schiffe würden bis Mittwoch zu anderen Terminals umgeleitet."""

RUSSIAN = """Портовые рабочие в Марлоу в понедельник, 3 июня 2024 года, прекратили работу и на \
48 часов остановили контейнерный терминал Нордхафен.

Около 1200 рабочих присоединились к забастовке после того, как переговоры о повышении \
зарплаты на 7 процентов зашли в тупик, сообщил Томаш Новак, глава профсоюза докеров.

«Мы два года ждём предложения, которое успевало бы за ростом цен», — сказал Новак \
журналистам у ворот терминала.

Мэр города Анна Келлер призвала стороны вернуться за стол переговоров. «Порт — это сердце \
нашего города, и каждый день простоя стоит нам всем», — сказала она."""

FRENCH = """Les dockers du port de Marlow ont cessé le travail lundi 3 juin 2024, paralysant \
le terminal à conteneurs de Nordhafen pendant 48 heures.

Environ 1 200 travailleurs ont rejoint la grève après l'échec des négociations sur une hausse \
de salaire de 7 %, a déclaré Tomasz Nowak, qui dirige le syndicat des dockers.

« Nous attendons depuis deux ans une offre qui suive la hausse des prix », a déclaré Nowak \
aux journalistes devant les grilles du terminal.

La maire Anna Keller a appelé les deux parties à reprendre les discussions. « Le port est le \
cœur de cette ville, et chaque jour d'arrêt nous coûte à tous », a-t-elle déclaré."""

UNRELATED = """A wildfire in the hills above Santa Verde forced 3,000 residents from their homes \
on Saturday, 25 May 2024, fire officials said.

Crews from four counties fought the blaze through the night as winds gusted to 60 miles an \
hour. "It jumped the ridge in minutes," said Carla Mendes, a battalion chief with the county \
fire department.

No injuries were reported, and evacuation centres opened at two high schools."""
