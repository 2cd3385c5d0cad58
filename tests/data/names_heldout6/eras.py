# Era of fame for every real person in the set (when they first became widely known).
# Used by build.py for the era x reference-style table; not written to the JSONL.
ERAS = {
"pre-1900": """Abraham Lincoln; Ada Lovelace; Alexander the Great; Andrew Jackson; Catherine the Great;
Charles Darwin; Claude Monet; Cleopatra; Elizabeth I; Florence Nightingale; Frederick Douglass;
Fyodor Dostoevsky; Genghis Khan; George Washington; Gustave Eiffel; Harriet Tubman; Henri Rousseau;
Isaac Newton; Joan of Arc; José Rizal; Julius Caesar; Katsushika Hokusai; Leo Tolstoy; Leonardo da Vinci;
Louis XIV; Marcus Junius Brutus; Michelangelo; Napoleon Bonaparte; Nikola Tesla; Otto von Bismarck;
Pyotr Ilyich Tchaikovsky; Qin Shi Huang; Queen Victoria; Rembrandt; Taras Shevchenko; Theodore Roosevelt;
Tipu Sultan; Vincent van Gogh; William Shakespeare; Wolfgang Amadeus Mozart; Ludwig van Beethoven;
Alphonse Mucha; Caravaggio; Galileo Galilei; Nefertiti; Alexander Pushkin; Li Bai; Oda Nobunaga; Sejong the Great; Peter the Great; Aristotle""",
"1900-1970": """Albert Einstein; Anna Pavlova; Audrey Hepburn; Ansel Adams; Andy Warhol; Arnold Palmer;
Beatrix Potter; Brigitte Bardot; Buzz Aldrin; Charlie Chaplin; Che Guevara; Coco Chanel; Édith Piaf;
Elvis Presley; Elizabeth II; Enzo Ferrari; Ferenc Puskás; Fidel Castro; Frank Sinatra; Frida Kahlo;
George Orwell; Grace Kelly; Greta Garbo; Gustav Klimt; Henry Ford; Jackson Pollock; Jane Goodall;
John F. Kennedy; John Wayne; Johnny Cash; Joseph Stalin; Julia Child; Louis Armstrong; Mahatma Gandhi;
Mao Zedong; Maria Callas; Marie Curie; Marilyn Monroe; Muhammad Ali; Mustafa Kemal Atatürk; Neil Armstrong;
Pablo Picasso; Pelé; Salvador Dalí; Shirley Temple; Sophia Loren; Umm Kulthum; Vladimir Lenin; Walt Disney;
Walter Cronkite; Wassily Kandinsky; Winston Churchill; Xu Beihong; Yuri Gagarin; Edward Hopper;
Akira Kurosawa; Aretha Franklin; James Brown; Frank Frazetta; Jane Birkin; Yayoi Kusama;
Gabriel García Márquez; Cher; Alfred Hitchcock; Osamu Tezuka; Lu Xun; Clint Eastwood; Charles III; Tenzin Gyatso (14th Dalai Lama)""",
"1970-2000": """Alla Pugacheva; Amitabh Bachchan; Amr Diab; Arnold Schwarzenegger; Ayrton Senna; Bill Gates;
Bill Nye; Björk; Bob Ross; Bruce Lee; Bruce Springsteen; Dennis Rodman; Desmond Tutu; Diana, Princess of Wales;
Diego Maradona; Dolly Parton; David Bowie; Ernő Rubik; Faye Wong; Freddie Mercury; H. R. Giger;
Hakeem Olajuwon; Harrison Ford; Hayao Miyazaki; Hideo Kojima; Hulk Hogan; Jackie Chan; Jaromír Jágr;
Jean-Michel Basquiat; Jeff Goldblum; Jeff Koons; Jennifer Aniston; Jennifer Lopez; Jerome Bettis; Johnny Depp;
Kurt Cobain; Keith Haring; Madonna; Magic Johnson; Margaret Thatcher; Michael Jackson; Michael Jordan;
Mike Tyson; Morgan Freeman; Naomi Campbell; Nelson Mandela; Penélope Cruz; Pope John Paul II; Prince;
Randy Savage; Ronaldo Nazário; Ruth Bader Ginsburg; Sachin Tendulkar; Salma Hayek; Shah Rukh Khan;
Shaquille O'Neal; Snoop Dogg; Steve Jobs; Stephen Hawking; Stone Cold Steve Austin; Sylvester Stallone;
Tarkan; Tiger Woods; Tim Berners-Lee; Tom Hanks; Tony Hawk; Tupac Shakur; Wayne Gretzky; Warren Buffett;
Zinedine Zidane; Tom Cruise; Brad Pitt; Denzel Washington; Heidi Klum; Gisele Bündchen; Kelly Slater;
Christiane Amanpour; Martha Stewart; Monica Bellucci; Tilda Swinton; Keanu Reeves; Annie Leibovitz;
Syd Mead; Sugar Ray Leonard; Donald Trump; Benjamin Netanyahu; Ronnie O'Sullivan; Kobe Bryant;
Eminem; Shakira; Natalie Portman; Angelina Jolie; Robert Downey Jr.; Dwayne Johnson; Leonardo DiCaprio;
Cate Blanchett; Matthew McConaughey; Jamie Oliver; Oprah Winfrey; Jeff Bezos; Akira Toriyama;
Haruki Murakami; J. K. Rowling; Benoit Mandelbrot; Zdzisław Beksiński; Takashi Murakami""",
"2000-2015": """Anthony Bourdain; George W. Bush; Ichiro Suzuki; Thaksin Shinawatra; Jay Chou; Gordon Ramsay;
Viola Davis; Jack Ma; Joe Biden; Vladimir Putin; Angela Merkel; Kim Jong Un; Xi Jinping; Narendra Modi;
Recep Tayyip Erdoğan; Luiz Inácio Lula da Silva; Helene Fischer; Wes Anderson; Michael Phelps;
Serena Williams; Ronaldinho; Tom Brady; Manny Pacquiao; Floyd Mayweather Jr.; Usain Bolt; LeBron James;
Cristiano Ronaldo; Lionel Messi; Rafael Nadal; Novak Djokovic; Lewis Hamilton; Kimi Räikkönen;
Zlatan Ibrahimović; Robert Lewandowski; Neymar; Yao Ming; Virat Kohli; Magnus Carlsen; Mikaela Shiffrin;
Ronda Rousey; Faker (Lee Sang-hyeok); Markiplier; PewDiePie; Zach King; András Arató; Adele; Beyoncé;
Rihanna; Lady Gaga; Taylor Swift; Drake; Kanye West; Justin Bieber; Ariana Grande; Selena Gomez;
Ed Sheeran; Harry Styles; Nicki Minaj; Anitta; Stromae; Hozier; IU; Sơn Tùng M-TP; Hayley Williams;
Cillian Murphy; Ryan Gosling; Margot Robbie; Daniel Radcliffe; Scarlett Johansson; Kim Kardashian;
Jennifer Lawrence; Benedict Cumberbatch; Keira Knightley; Emma Stone; Emma Watson; Chris Hemsworth;
Ryan Reynolds; Christopher Nolan; Henry Cavill; Natalie Dormer; Hugh Jackman; Idris Elba; Lee Min-ho;
Tom Hiddleston; Elizabeth Olsen; Mads Mikkelsen; Lupita Nyong'o; Omar Sy; Priyanka Chopra;
Barack Obama; Michelle Obama; Joko Widodo; Sauli Niinistö; Prince Harry; Pope Francis; Malala Yousafzai;
Elon Musk; Mark Zuckerberg; Tim Cook; Makoto Shinkai; Anderson Cooper; José Mourinho""",
"2015-2026": """Bernie Sanders; Shohei Ohtani; Son Heung-min; Mohamed Salah; Kylian Mbappé; Giannis Antetokounmpo;
Simone Biles; Naomi Osaka; Max Verstappen; Tadej Pogačar; Alex Honnold; Conor McGregor; Hasbulla Magomedov;
Khaby Lame; Kai Cenat; IShowSpeed; MrBeast; Charli D'Amelio; Pokimane; xQc; Ibai Llanos; Nusret Gökçe;
Billie Eilish; Dua Lipa; Lizzo; Rosalía; Bad Bunny; Sabrina Carpenter; Olivia Rodrigo; Chappell Roan;
Jungkook; RM (Kim Nam-joon); Lisa (Lalisa Manobal); Jisoo; Greta Gerwig; Pedro Pascal; Tom Holland;
Timothée Chalamet; Zendaya; Jenna Ortega; Sydney Sweeney; Ana de Armas; Anya Taylor-Joy;
Millie Bobby Brown; Gal Gadot; Florence Pugh; Jason Momoa; Austin Butler; Rami Malek; Jacob Elordi;
Paul Mescal; Bella Hadid; Kendall Jenner; Kylie Jenner; Kamala Harris; Emmanuel Macron; Jacinda Ardern;
Volodymyr Zelenskyy; Alexandria Ocasio-Cortez; Keir Starmer; Justin Trudeau; Olaf Scholz; Giorgia Meloni;
Javier Milei; Claudia Sheinbaum; Prabowo Subianto; Pope Leo XIV; Greta Thunberg; Sundar Pichai;
Sam Altman; Jensen Huang; Greg Rutkowski; Bong Joon-ho; Erling Haaland; Victor Wembanyama""",
}
ERA_OF = {}
for _era, _names in ERAS.items():
    for _n in _names.split(";"):
        _n = " ".join(_n.split())
        if _n:
            ERA_OF[_n] = _era
