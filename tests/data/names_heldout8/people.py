"""Roster of every real person named in a person=true prompt of names_heldout8.jsonl.
PEOPLE = [(canonical name, country, continent, tier)], tier in {global, national, historical}."""

CONTINENT = {}
for cont, countries in {
    "Europe": "United Kingdom|Ireland|France|Germany|Spain|Portugal|Italy|Netherlands|Belgium|Switzerland|Austria|Sweden|Norway|Denmark|Finland|Iceland|Poland|Czech Republic|Slovakia|Hungary|Romania|Bulgaria|Greece|Serbia|Croatia|Slovenia|Bosnia and Herzegovina|Albania|Kosovo|Montenegro|North Macedonia|Ukraine|Russia|Belarus|Lithuania|Latvia|Estonia|Georgia|Armenia|Azerbaijan|Luxembourg|Malta|Monaco|Vatican City|Moldova",
    "Asia": "Japan|China|Taiwan|South Korea|North Korea|Mongolia|India|Pakistan|Bangladesh|Sri Lanka|Nepal|Bhutan|Maldives|Afghanistan|Iran|Iraq|Saudi Arabia|United Arab Emirates|Qatar|Israel|Palestine|Jordan|Lebanon|Syria|Oman|Yemen|Kazakhstan|Uzbekistan|Kyrgyzstan|Tajikistan|Turkmenistan|Thailand|Vietnam|Philippines|Indonesia|Malaysia|Singapore|Myanmar|Cambodia|Brunei|Timor-Leste|Turkey|Kuwait|Laos",
    "Africa": "Nigeria|South Africa|Kenya|Ethiopia|Egypt|Morocco|Algeria|Tunisia|Libya|Ghana|Senegal|Côte d'Ivoire|Cameroon|DR Congo|Rwanda|Uganda|Tanzania|Zimbabwe|Zambia|Liberia|Mali|Burkina Faso|Somalia|Botswana|Namibia|Angola|Benin|Togo|Sierra Leone|Eritrea|Sudan|Mozambique|Madagascar|Guinea|Malawi|Gabon",
    "North America": "United States|Canada|Mexico|Cuba|Jamaica|Haiti|Dominican Republic|Panama|Costa Rica|Guatemala|Honduras|El Salvador|Nicaragua|Barbados|Trinidad and Tobago|Bahamas|Saint Lucia",
    "South America": "Brazil|Argentina|Colombia|Chile|Peru|Venezuela|Ecuador|Bolivia|Uruguay|Paraguay|Guyana|Suriname",
    "Oceania": "Australia|New Zealand|Fiji|Samoa|Papua New Guinea|Tonga|Vanuatu|Solomon Islands",
}.items():
    for c in countries.split("|"):
        CONTINENT[c] = cont

_ROWS = """
Keir Starmer|United Kingdom|national
Kylian Mbappé|France|global
Iga Świątek|Poland|national
Eliud Kipchoge|Kenya|national
Jacinda Ardern|New Zealand|national
Son Heung-min|South Korea|national
Chimamanda Ngozi Adichie|Nigeria|national
Giorgia Meloni|Italy|national
Gustavo Petro|Colombia|national
Nicolás Maduro|Venezuela|national
Anthony Albanese|Australia|national
Magnus Carlsen|Norway|national
Ons Jabeur|Tunisia|national
Luka Modrić|Croatia|national
Claudia Sheinbaum|Mexico|national
Yuval Noah Harari|Israel|national
Michelle Yeoh|Malaysia|national
Lee Kuan Yew|Singapore|historical
Nayib Bukele|El Salvador|national
Paul Kagame|Rwanda|national
Malala Yousafzai|Pakistan|global
Siya Kolisi|South Africa|national
Wole Soyinka|Nigeria|national
Ratan Tata|India|national
Luiz Inácio Lula da Silva|Brazil|national
Rigoberta Menchú|Guatemala|national
Taylor Swift|United States|global
Harry Kane|United Kingdom|national
Donald Tusk|Poland|national
Viktor Orbán|Hungary|national
Emma Raducanu|United Kingdom|national
Zlatan Ibrahimović|Sweden|national
Giannis Antetokounmpo|Greece|national
Burna Boy|Nigeria|national
Virat Kohli|India|national
Dimash Kudaibergen|Kazakhstan|national
Tadej Pogačar|Slovenia|national
Nikola Jokić|Serbia|national
Karol G|Colombia|national
Ngozi Okonjo-Iweala|Nigeria|national
Imran Khan|Pakistan|national
Kaja Kallas|Estonia|national
Lupita Nyong'o|Kenya|national
Keylor Navas|Costa Rica|national
Kim Yuna|South Korea|national
Manny Pacquiao|Philippines|national
Mark Rutte|Netherlands|national
Oscar Piastri|Australia|national
Cristiano Ronaldo|Portugal|global
Angela Merkel|Germany|global
Neymar|Brazil|global
Rafael Nadal|Spain|global
Usain Bolt|Jamaica|global
Mohamed Salah|Egypt|global
Javier Milei|Argentina|national
Narendra Modi|India|global
Shohei Ohtani|Japan|global
Erling Haaland|Norway|national
Celine Dion|Canada|global
Greta Thunberg|Sweden|global
Bobi Wine|Uganda|national
Francis Ngannou|Cameroon|national
María Corina Machado|Venezuela|national
Sadio Mané|Senegal|national
Lewis Hamilton|United Kingdom|global
Ash Barty|Australia|national
MrBeast|United States|global
Lionel Messi|Argentina|global
Beyoncé|United States|global
Rihanna|Barbados|global
Zinedine Zidane|France|global
Pelé|Brazil|historical
Stromae|Belgium|national
Rosalía|Spain|national
Anitta|Brazil|national
Björk|Iceland|national
Diego Maradona|Argentina|historical
Tarkan|Turkey|national
Jannik Sinner|Italy|national
Ronaldinho|Brazil|national
MS Dhoni|India|national
Xuxa|Brazil|national
Fela Kuti|Nigeria|historical
Volodymyr Zelenskyy|Ukraine|global
Vladimir Putin|Russia|global
Salvador Dalí|Spain|historical
Novak Djokovic|Serbia|global
Zendaya|United States|global
Tyla|South Africa|national
Wizkid|Nigeria|national
Margaret Thatcher|United Kingdom|historical
LeBron James|United States|global
José Mourinho|Portugal|national
Michael Jackson|United States|historical
Celia Cruz|Cuba|historical
Roberto Baggio|Italy|national
Dwayne Johnson|United States|global
Muhammad Ali|United States|historical
Sachin Tendulkar|India|national
Shah Rukh Khan|India|global
Nelson Mandela|South Africa|historical
Miriam Makeba|South Africa|historical
Franz Beckenbauer|Germany|historical
Alexandria Ocasio-Cortez|United States|national
Mohammed bin Salman|Saudi Arabia|national
Eva Perón|Argentina|historical
Silvio Berlusconi|Italy|historical
Kobe Bryant|United States|historical
Gianna Bryant|United States|historical
Jawaharlal Nehru|India|historical
Mahatma Gandhi|India|historical
Pope John Paul II|Poland|historical
Will Smith|United States|global
Harry Styles|United Kingdom|global
Olaf Scholz|Germany|national
Helene Fischer|Germany|national
Robert Lewandowski|Poland|national
Lech Wałęsa|Poland|national
Václav Havel|Czech Republic|historical
Sanna Marin|Finland|national
Kimi Räikkönen|Finland|national
Ferenc Puskás|Hungary|historical
Recep Tayyip Erdoğan|Turkey|national
Arda Güler|Turkey|national
Goran Ivanišević|Croatia|national
Arvydas Sabonis|Lithuania|national
Zuzana Čaputová|Slovakia|national
Nadia Comăneci|Romania|national
Astrid Lindgren|Sweden|historical
Jonas Gahr Støre|Norway|national
Max Verstappen|Netherlands|national
Pedro Almodóvar|Spain|national
Alexander Stubb|Finland|national
Michelle Bachelet|Chile|national
Halla Tómasdóttir|Iceland|national
Yuri Gagarin|Russia|historical
Alla Pugacheva|Russia|national
Oleksandr Usyk|Ukraine|national
Hayao Miyazaki|Japan|global
Utada Hikaru|Japan|national
Xi Jinping|China|global
Li Bai|China|historical
Jay Chou|Taiwan|national
IU|South Korea|national
Bong Joon-ho|South Korea|national
Mohammed bin Rashid Al Maktoum|United Arab Emirates|national
Hafez|Iran|historical
Lata Mangeshkar|India|historical
Rabindranath Tagore|India|historical
Rajinikanth|India|national
Lalisa Manobal|Thailand|national
Maria Callas|Greece|historical
Golda Meir|Israel|historical
Khvicha Kvaratskhelia|Georgia|national
Nikol Pashinyan|Armenia|national
Nikola Tesla|Serbia|historical
Haile Gebrselassie|Ethiopia|national
Genghis Khan|Mongolia|historical
Maria Sharapova|Russia|national
Jackie Chan|China|global
Guillermo del Toro|Mexico|national
Gabriel Boric|Chile|national
Ayrton Senna|Brazil|historical
Marta Vieira da Silva|Brazil|national
Aya Nakamura|France|national
Sophia Loren|Italy|national
Orhan Pamuk|Turkey|national
Joko Widodo|Indonesia|national
Sơn Tùng M-TP|Vietnam|national
Samia Suluhu Hassan|Tanzania|national
Lea Salonga|Philippines|national
Johan Cruyff|Netherlands|historical
Mads Mikkelsen|Denmark|national
Lee Chong Wei|Malaysia|national
Aitana Bonmatí|Spain|national
Simona Halep|Romania|national
Amália Rodrigues|Portugal|historical
Rubén Blades|Panama|national
Youssou N'Dour|Senegal|national
Diamond Platnumz|Tanzania|national
Evo Morales|Bolivia|national
João Lourenço|Angola|national
Jaromír Jágr|Czech Republic|national
Dirk Nowitzki|Germany|national
Didier Drogba|Côte d'Ivoire|national
Scarlett Johansson|United States|global
Arnold Schwarzenegger|Austria|global
Jennifer Aniston|United States|global
Timothée Chalamet|United States|global
Kim Kardashian|United States|global
Mark Zuckerberg|United States|global
Jeff Bezos|United States|global
Elon Musk|United States|global
Cate Blanchett|Australia|global
Nicole Kidman|Australia|global
Priyanka Chopra|India|global
Deepika Padukone|India|national
Luka Dončić|Slovenia|national
Shaquille O'Neal|United States|national
Margot Robbie|Australia|global
Michael Jordan|United States|global
Kylie Minogue|Australia|national
Gisele Bündchen|Brazil|national
Kevin De Bruyne|Belgium|national
Eden Hazard|Belgium|national
Joe Biden|United States|global
Selena Gomez|United States|global
Billie Eilish|United States|global
Donald Trump|United States|global
Ariana Grande|United States|global
Tom Hanks|United States|global
Emma Watson|United Kingdom|global
Meryl Streep|United States|global
Keanu Reeves|Canada|global
Justin Bieber|Canada|global
Brad Pitt|United States|global
Oprah Winfrey|United States|global
Dua Lipa|United Kingdom|global
Kim Jong Un|North Korea|global
Bill Gates|United States|global
Serena Williams|United States|global
Simone Biles|United States|global
Leonardo DiCaprio|United States|global
Nicki Minaj|Trinidad and Tobago|global
Jeon Jung-kook|South Korea|global
Chris Pratt|United States|national
Barack Obama|United States|global
Marie Curie|Poland|historical
Neil Armstrong|United States|historical
António Guterres|Portugal|national
Pope Francis|Argentina|historical
Chinua Achebe|Nigeria|historical
Gabriel García Márquez|Colombia|historical
Indira Gandhi|India|historical
Edmund Hillary|New Zealand|historical
Valentina Tereshkova|Russia|national
Ellen Johnson Sirleaf|Liberia|national
Jensen Huang|Taiwan|national
Haile Selassie|Ethiopia|historical
Margrethe II|Denmark|national
Naruhito|Japan|national
PSY|South Korea|national
Linus Torvalds|Finland|national
Tim Berners-Lee|United Kingdom|national
Oscar Niemeyer|Brazil|historical
Wangari Maathai|Kenya|historical
Charles Darwin|United Kingdom|historical
Greg Rutkowski|Poland|national
Alphonse Mucha|Czech Republic|historical
Katsushika Hokusai|Japan|historical
Vincent van Gogh|Netherlands|historical
Pablo Picasso|Spain|historical
Frida Kahlo|Mexico|historical
Gustav Klimt|Austria|historical
Edvard Munch|Norway|historical
Annie Leibovitz|United States|national
Wes Anderson|United States|national
Akira Kurosawa|Japan|historical
Yayoi Kusama|Japan|national
Tarsila do Amaral|Brazil|historical
Fernando Botero|Colombia|historical
Raja Ravi Varma|India|historical
Henri Cartier-Bresson|France|historical
Sebastião Salgado|Brazil|national
Rembrandt|Netherlands|historical
Diego Rivera|Mexico|historical
Hergé|Belgium|historical
Ansel Adams|United States|historical
David Hockney|United Kingdom|national
Zaha Hadid|Iraq|historical
Tim Burton|United States|national
Sabrina Carpenter|United States|national
Jenna Ortega|United States|national
Emma Stone|United States|national
Henry Cavill|United Kingdom|national
Kim Ji-soo|South Korea|national
Anya Taylor-Joy|United States|national
Tom Holland|United Kingdom|national
Hasbulla Magomedov|Russia|national
Nancy Ajram|Lebanon|national
Alia Bhatt|India|national
Khaby Lame|Italy|national
Cillian Murphy|Ireland|national
Gal Gadot|Israel|national
Ning Yizhuo|China|national
Ana de Armas|Cuba|national
Hande Erçel|Turkey|national
Fan Bingbing|China|national
Genevieve Nnaji|Nigeria|national
Catriona Gray|Philippines|national
Kim Tae-hyung|South Korea|national
Bruce Lee|China|historical
Audrey Hepburn|United Kingdom|historical
Marilyn Monroe|United States|historical
Elvis Presley|United States|historical
Freddie Mercury|United Kingdom|historical
Bob Marley|Jamaica|historical
Diana, Princess of Wales|United Kingdom|historical
Charles III|United Kingdom|global
Roseanne Park|New Zealand|national
Tony Leung Chiu-wai|China|national
Ranveer Singh|India|national
Prabhas|India|national
Felix Kjellberg|Sweden|national
Ibai Llanos|Spain|national
Vinícius Júnior|Brazil|national
Lamine Yamal|Spain|national
Jude Bellingham|United Kingdom|national
David Beckham|United Kingdom|global
Steve Irwin|Australia|historical
Dolly Parton|United States|national
Snoop Dogg|United States|national
Gordon Ramsay|United Kingdom|national
Hailey Bieber|United States|national
Sundar Pichai|United States|national
Mukesh Ambani|India|national
Aliko Dangote|Nigeria|national
Satya Nadella|United States|national
Pedro Sánchez|Spain|national
Friedrich Merz|Germany|national
Emmanuel Macron|France|global
Cyril Ramaphosa|South Africa|national
William Ruto|Kenya|national
Ibrahim Traoré|Burkina Faso|national
Prabowo Subianto|Indonesia|national
Ferdinand Marcos Jr.|Philippines|national
Anwar Ibrahim|Malaysia|national
Daniel Noboa|Ecuador|national
Mark Carney|Canada|national
Christopher Luxon|New Zealand|national
Andrew Holness|Jamaica|national
Mia Mottley|Barbados|national
Hun Manet|Cambodia|national
Tom Cruise|United States|global
Denzel Washington|United States|global
Penélope Cruz|Spain|national
Antonio Banderas|Spain|national
Juliette Binoche|France|national
Takeshi Kitano|Japan|national
Tony Jaa|Thailand|national
Idris Elba|United Kingdom|national
Saoirse Ronan|Ireland|national
Song Kang-ho|South Korea|national
Salma Hayek|Mexico|national
Sofía Vergara|Colombia|national
Taika Waititi|New Zealand|national
Charlize Theron|South Africa|national
Ricardo Darín|Argentina|national
Wagner Moura|Brazil|national
Mohanlal|India|national
Asghar Farhadi|Iran|national
Nuri Bilge Ceylan|Turkey|national
Funke Akindele|Nigeria|national
Neeraj Chopra|India|national
Faith Kipyegon|Kenya|national
Armand Duplantis|Sweden|national
Carlos Alcaraz|Spain|national
Aryna Sabalenka|Belarus|national
Naomi Osaka|Japan|national
Victor Wembanyama|France|national
Stephen Curry|United States|national
Tems|Nigeria|national
Davido|Nigeria|national
Bad Bunny|United States|global
J Balvin|Colombia|national
Canelo Álvarez|Mexico|national
Sergio Pérez|Mexico|national
Gennady Golovkin|Kazakhstan|national
Napoleon Bonaparte|France|historical
Cleopatra|Egypt|historical
Simón Bolívar|Venezuela|historical
Mustafa Kemal Atatürk|Turkey|historical
Ho Chi Minh|Vietnam|historical
José Rizal|Philippines|historical
Sukarno|Indonesia|historical
Kwame Nkrumah|Ghana|historical
Patrice Lumumba|DR Congo|historical
Thomas Sankara|Burkina Faso|historical
Che Guevara|Argentina|historical
Fidel Castro|Cuba|historical
Tutankhamun|Egypt|historical
Mansa Musa|Mali|historical
Shaka|South Africa|historical
Tokugawa Ieyasu|Japan|historical
Abraham Lincoln|United States|historical
Martin Luther King Jr.|United States|historical
Frédéric Chopin|Poland|historical
Albert Einstein|Germany|historical
Joan of Arc|France|historical
Leonardo da Vinci|Italy|historical
Roger Federer|Switzerland|global
Luis Suárez|Uruguay|national
Grigor Dimitrov|Bulgaria|national
Achraf Hakimi|Morocco|national
Mutaz Essa Barshim|Qatar|national
Queen Rania of Jordan|Jordan|national
Rashid Khan|Afghanistan|national
Muttiah Muralitharan|Sri Lanka|national
Muhammad Yunus|Bangladesh|national
Jigme Khesar Namgyel Wangchuck|Bhutan|national
Aung San Suu Kyi|Myanmar|national
Robert Mugabe|Zimbabwe|historical
David Ortiz|Dominican Republic|national
Jean-Jacques Dessalines|Haiti|historical
Edi Rama|Albania|national
Roberta Metsola|Malta|national
Riyad Mahrez|Algeria|national
Nizar Qabbani|Syria|historical
Kristaps Porziņģis|Latvia|national
Waisale Serevi|Fiji|national
"""

PEOPLE = []
for _line in _ROWS.strip().splitlines():
    _n, _c, _t = _line.split("|")
    PEOPLE.append((_n, _c, CONTINENT[_c], _t))
