"""Name pools for the synthetic population, one per naming culture.

The lists hold common given names and surnames written the way their bearers write them
(accents, apostrophes, hyphens, particles, two-part Spanish surnames), most common first: the
drawing code skews toward the head of each list. They are common names, not people: no entry may
ever be a real person's full identity, and nothing here may be loaded from outside the package.

Also here: transliteration variants (the spellings another office may use for the same name) and a
small nickname table, both used to make records and requests differ the way real ones do.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Culture:
    """How people of one naming tradition are named.

    `middle_source` says where a middle name comes from: `given` (a second given name of the
    same sex), `pool` (the culture's own middle-name lists, e.g. Vietnamese Văn/Thị), `surname`
    (mother's maiden surname, as in the Philippines) or `father` (the father's given name).
    """

    key: str
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]
    middle_rate: float
    middle_source: str = "given"
    middle_male: tuple[str, ...] = ()
    middle_female: tuple[str, ...] = ()
    compound_surnames: bool = False


# The tables below are data: keep them packed rather than one name per line.
# fmt: off
ENGLISH = Culture(
    key="english",
    male=(
        "James", "Michael", "John", "Robert", "David", "William", "Richard", "Joseph", "Thomas",
        "Christopher", "Charles", "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven",
        "Andrew", "Paul", "Joshua", "Kenneth", "Kevin", "Brian", "George", "Timothy", "Ronald",
        "Jason", "Edward", "Jeffrey", "Ryan", "Jacob", "Gary", "Nicholas", "Eric", "Jonathan",
        "Stephen", "Larry", "Justin", "Scott", "Brandon", "Benjamin", "Samuel", "Gregory",
        "Alexander", "Patrick", "Frank", "Raymond", "Jack", "Dennis", "Jerry", "Tyler", "Aaron",
        "Henry", "Douglas", "Peter", "Nathan", "Zachary", "Walter", "Harold", "Kyle", "Carl",
        "Arthur", "Gerald", "Roger", "Keith", "Jeremy", "Terry", "Lawrence", "Sean", "Christian",
        "Ethan", "Austin", "Joe", "Albert", "Jesse", "Willie", "Billy", "Bryan", "Bruce", "Noah",
        "Jordan", "Dylan", "Ralph", "Roy", "Alan", "Wayne", "Eugene", "Juan", "Gabriel", "Louis",
        "Russell", "Randy", "Vincent", "Philip", "Logan", "Bobby", "Harry", "Johnny", "Howard",
        "DeShawn", "Tyrone", "Darnell", "Jamal", "Marcus", "Terrell", "Andre", "Malik",
    ),
    female=(
        "Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica",
        "Sarah", "Karen", "Lisa", "Nancy", "Betty", "Sandra", "Margaret", "Ashley", "Kimberly",
        "Emily", "Donna", "Michelle", "Carol", "Amanda", "Melissa", "Deborah", "Stephanie",
        "Dorothy", "Rebecca", "Sharon", "Laura", "Cynthia", "Amy", "Kathleen", "Angela",
        "Shirley", "Brenda", "Emma", "Anna", "Pamela", "Nicole", "Samantha", "Katherine",
        "Christine", "Helen", "Debra", "Rachel", "Carolyn", "Janet", "Maria", "Catherine",
        "Heather", "Diane", "Olivia", "Julie", "Joyce", "Victoria", "Ruth", "Virginia", "Lauren",
        "Kelly", "Christina", "Joan", "Evelyn", "Judith", "Andrea", "Hannah", "Megan", "Cheryl",
        "Jacqueline", "Martha", "Madison", "Teresa", "Gloria", "Sara", "Janice", "Ann", "Kathryn",
        "Abigail", "Sophia", "Frances", "Jean", "Alice", "Judy", "Isabella", "Julia", "Grace",
        "Amber", "Denise", "Danielle", "Marilyn", "Beverly", "Charlotte", "Natalie", "Theresa",
        "Diana", "Brittany", "Doris", "Kayla", "Alexis", "Lori", "Marie", "Mary Ann", "Ebony",
        "Keisha", "Latoya", "Tamika", "Shanice", "Imani", "Aaliyah", "Zoe",
    ),
    surnames=(
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
        "Anderson", "Taylor", "Thomas", "Moore", "Jackson", "Martin", "Lee", "Thompson", "White",
        "Harris", "Clark", "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright",
        "Scott", "Hill", "Green", "Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts",
        "Turner", "Phillips", "Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart",
        "Morris", "Rogers", "Reed", "Cook", "Morgan", "Bell", "Cooper", "Richardson", "Cox",
        "Howard", "Ward", "Peterson", "Gray", "Watson", "Brooks", "Sanders", "Price", "Bennett",
        "Wood", "Barnes", "Ross", "Henderson", "Coleman", "Jenkins", "Perry", "Powell", "Long",
        "Patterson", "Hughes", "Washington", "Butler", "Simmons", "Foster", "Bryant",
        "Alexander", "Russell", "Griffin", "Hayes", "Myers", "Ford", "Hamilton", "Graham",
        "Sullivan", "Wallace", "Woods", "Cole", "West", "Jordan", "Owens", "Reynolds", "Fisher",
        "Ellis", "Harrison", "Gibson", "McDonald", "Marshall", "Wells", "Tucker", "Porter",
        "Hunter", "Hicks", "Crawford", "Henry", "Boyd", "Mason", "Kennedy", "Warren", "Dixon",
        "Burns", "Gordon", "Shaw", "Holmes", "Rice", "Robertson", "Hunt", "Black", "Daniels",
        "Palmer", "Mills", "Grant", "Knight", "Ferguson", "Stone", "Hawkins", "Dunn", "Perkins",
        "St. John", "Fitzwilliam", "Ashby-Clarke", "Van Buren",
    ),
    middle_rate=0.85,
)

IRISH = Culture(
    key="irish",
    male=(
        "Patrick", "Sean", "Michael", "John", "Brendan", "Kevin", "Liam", "Conor", "Declan",
        "Ciarán", "Seán", "Eoin", "Padraig", "Cormac", "Daniel", "Thomas", "Dermot", "Niall",
        "Ronan", "Cillian", "Dónal", "Aidan", "Colm", "Fergus",
    ),
    female=(
        "Mary", "Siobhán", "Aoife", "Niamh", "Ciara", "Bridget", "Maeve", "Sinéad", "Orla",
        "Róisín", "Kathleen", "Eileen", "Nora", "Margaret", "Clodagh", "Áine", "Deirdre",
        "Fiona", "Grainne", "Caitlin", "Eimear", "Shannon",
    ),
    surnames=(
        "Murphy", "Kelly", "O'Brien", "O'Connor", "Ryan", "O'Sullivan", "Walsh", "McCarthy",
        "O'Neill", "Byrne", "Doyle", "Gallagher", "Kennedy", "O'Reilly", "Lynch", "Murray",
        "Quinn", "Moore", "McLaughlin", "O'Donnell", "Fitzgerald", "O'Mahony", "Brennan",
        "Burke", "Collins", "Dunne", "Fitzpatrick", "O'Shea", "Kavanagh", "McGrath", "O'Hara",
        "Nolan", "Sheridan", "Ó Briain", "Mac Giolla", "D'Arcy", "O'Keeffe", "MacNamara",
    ),
    middle_rate=0.8,
)

GERMAN = Culture(
    key="german",
    male=(
        "Hans", "Klaus", "Jürgen", "Stefan", "Andreas", "Thomas", "Michael", "Wolfgang",
        "Peter", "Frank", "Uwe", "Dieter", "Matthias", "Markus", "Lukas", "Jonas", "Felix",
        "Maximilian", "Günter", "Horst", "Helmut", "Karl", "Friedrich", "Tobias",
    ),
    female=(
        "Ursula", "Sabine", "Petra", "Monika", "Andrea", "Claudia", "Susanne", "Gabriele",
        "Birgit", "Anke", "Jutta", "Renate", "Brigitte", "Heike", "Katrin", "Lena", "Hannah",
        "Lea", "Jana", "Anna-Lena", "Käthe", "Gisela", "Ingrid", "Sophie",
    ),
    surnames=(
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder",
        "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange",
        "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Köhler", "Huber",
        "Kaiser", "Fuchs", "Peters", "Vogel", "Jäger", "von Berg", "Groß",
    ),
    middle_rate=0.6,
)

SPANISH = Culture(
    key="spanish",
    male=(
        "José", "Juan", "Luis", "Carlos", "Jesús", "Miguel", "Francisco", "Jorge", "Alejandro",
        "Antonio", "Manuel", "Pedro", "Ricardo", "Fernando", "Javier", "Rafael", "Raúl",
        "Sergio", "Eduardo", "Roberto", "Andrés", "Ángel", "Víctor", "Óscar", "Héctor", "Ramón",
        "Mario", "Julio", "Diego", "Martín", "Joaquín", "Iván", "Rubén", "Ignacio", "Guillermo",
        "Santiago", "Mateo", "Sebastián", "Emilio", "Gerardo", "Alfonso", "Enrique", "Arturo",
        "Armando", "Salvador", "Gustavo", "Hugo", "Tomás", "Nicolás", "Agustín", "Adrián",
        "Efraín", "Germán", "Marco Antonio", "Juan Pablo",
    ),
    female=(
        "María", "Guadalupe", "Ana", "Rosa", "Carmen", "Juana", "Verónica", "Leticia",
        "Patricia", "Gabriela", "Alejandra", "Adriana", "Mónica", "Claudia", "Sofía",
        "Valentina", "Isabel", "Lucía", "Elena", "Marisol", "Yolanda", "Dolores", "Josefina",
        "Beatriz", "Inés", "Raquel", "Ximena", "Camila", "Daniela", "Fernanda", "Mariana",
        "Paola", "Rocío", "Araceli", "Marisela", "Consuelo", "Esperanza", "Ángela", "Begoña",
        "Itzel", "Jimena", "Natalia", "Teresa", "Graciela", "Maribel", "Silvia", "Lourdes",
        "Rosario", "María José", "Ana Lucía",
    ),
    surnames=(
        "García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez",
        "Sánchez", "Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Morales",
        "Cruz", "Ortiz", "Gutiérrez", "Chávez", "Ramos", "Ruiz", "Mendoza", "Álvarez",
        "Castillo", "Jiménez", "Vásquez", "Romero", "Herrera", "Medina", "Aguilar", "Vargas",
        "Guzmán", "Muñoz", "Castro", "Ortega", "Rojas", "Núñez", "Domínguez", "Delgado", "Peña",
        "Ibáñez", "Fuentes", "Cabrera", "Salazar", "Soto", "Contreras", "Luna", "Ríos", "Mejía",
        "Estrada", "Cervantes", "Velázquez", "Navarro", "Espinoza", "Valdés", "Quiñones",
        "Zúñiga", "Benítez", "Acosta", "Figueroa", "Sandoval", "Carrillo", "Serrano", "Meléndez",
        "De la Cruz", "Del Río", "De León", "San Martín", "Villaseñor", "Echeverría", "Orduña",
    ),
    middle_rate=0.5,
    compound_surnames=True,
)

FRENCH = Culture(
    key="french",
    male=(
        "Jean", "Pierre", "Jean-Baptiste", "Jean-Claude", "Jean-Pierre", "Louis", "Michel",
        "Jacques", "François", "Stéphane", "Frédéric", "Josué", "Wilner", "Wisly", "Ricardo",
        "Emmanuel", "Ernst", "Fritz", "Gérard", "Réginald", "Lucien", "Thierry", "Olivier",
        "Rodney",
    ),
    female=(
        "Marie", "Marie-Claire", "Rose", "Guerline", "Fabiola", "Hélène", "Nadège", "Mirlande",
        "Widline", "Mireille", "Geneviève", "Sophie", "Claudette", "Jeanne", "Josiane", "Cécile",
        "Béatrice", "Régine", "Marie-Ange", "Nathalie", "Sabine", "Esther", "Yolène",
    ),
    surnames=(
        "Joseph", "Pierre", "Jean-Louis", "Louis", "Charles", "Baptiste", "Étienne", "François",
        "Désir", "Saint-Fleur", "Toussaint", "Dorvil", "Lefèvre", "Dupont", "Lévesque",
        "Beaulieu", "Bélanger", "Jean-Baptiste", "Augustin", "Célestin", "Philippe", "Germain",
        "Noël", "St. Louis", "Michel", "Delva", "Jean-Charles", "Fleurant", "Exantus", "Fénelon",
    ),
    middle_rate=0.5,
)

SLAVIC = Culture(
    key="slavic",
    male=(
        "Aleksandr", "Dmitri", "Sergei", "Andrei", "Mikhail", "Vladimir", "Ivan", "Oleksandr",
        "Yevgeny", "Taras", "Piotr", "Paweł", "Łukasz", "Krzysztof", "Tomasz", "Nikolai",
        "Alexei", "Maksim", "Bogdan", "Yuri", "Volodymyr", "Mykola", "Dragan", "Miloš",
        "Stanisław", "Jakub",
    ),
    female=(
        "Olga", "Natalia", "Tatiana", "Svetlana", "Irina", "Anastasia", "Yulia", "Oksana",
        "Agnieszka", "Małgorzata", "Katarzyna", "Elena", "Ekaterina", "Marina", "Lyudmila",
        "Galina", "Nadia", "Halyna", "Iryna", "Zofia", "Joanna", "Ewa", "Jelena", "Ivana",
    ),
    surnames=(
        "Ivanov", "Smirnov", "Kuznetsov", "Popov", "Petrov", "Sokolov", "Volkov", "Kozlov",
        "Novikov", "Morozov", "Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko",
        "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński",
        "Szymański", "Dąbrowski", "Nowak", "Jovanović", "Petrović", "Nikolić", "Horvat",
        "Melnyk", "Kravchenko", "Lebedev", "Pavlov", "Orlov", "Grabowski", "Mazur", "Krawczyk",
        "Vasiliev", "Zaitsev", "Yakovlev", "Bielski", "Kozak",
    ),
    middle_rate=0.2,
)

CHINESE = Culture(
    key="chinese",
    male=(
        "Wei", "Jian", "Ming", "Hao", "Jun", "Lei", "Yong", "Tao", "Qiang", "Bo", "Xiaoming",
        "Zhiwei", "Jie", "Peng", "Chen", "Yu", "Kai", "Hong", "Jianguo", "Zhen",
    ),
    female=(
        "Jing", "Li", "Yan", "Hui", "Xiu", "Mei", "Ying", "Ling", "Fang", "Na", "Xiaoyan", "Lan",
        "Juan", "Yun", "Ting", "Qian", "Xin", "Yue", "Shu", "Hua",
    ),
    surnames=(
        "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
        "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Song",
        "Tang", "Han", "Feng", "Deng", "Cao", "Peng",
    ),
    middle_rate=0.15,
)

KOREAN = Culture(
    key="korean",
    male=(
        "Min-jun", "Ji-hoon", "Hyun-woo", "Seung-ho", "Jae-won", "Dong-hyun", "Sung-min",
        "Young-ho", "Jin", "Tae-yang", "Joon-ho", "Sang-woo", "Kyung-soo", "Daniel", "David",
    ),
    female=(
        "Seo-yeon", "Ji-woo", "Min-ji", "Soo-jin", "Eun-ji", "Hye-jin", "Yu-na", "Ji-hye",
        "Young-mi", "Mi-kyung", "Sun-hee", "Ha-eun", "Grace", "Esther", "Jiyoung",
    ),
    surnames=(
        "Kim", "Lee", "Park", "Choi", "Jung", "Kang", "Cho", "Yoon", "Jang", "Lim", "Han", "Oh",
        "Seo", "Shin", "Kwon", "Hwang", "Ahn", "Song", "Yoo", "Hong",
    ),
    middle_rate=0.1,
)

VIETNAMESE = Culture(
    key="vietnamese",
    male=(
        "Minh", "Hùng", "Tuấn", "Dũng", "Long", "Nam", "Phong", "Quang", "Thanh", "Hải",
        "Sơn", "Khoa", "Huy", "Bảo", "Đức", "Trung", "Vinh", "Khang",
    ),
    female=(
        "Linh", "Thảo", "Hương", "Lan", "Mai", "Ngọc", "Trang", "Hằng", "Phương", "Thủy",
        "Nhung", "Vy", "Anh", "Hoa", "Tuyết", "Yến", "Diệp", "Loan",
    ),
    surnames=(
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
        "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai",
    ),
    middle_rate=0.85,
    middle_source="pool",
    middle_male=("Văn", "Đức", "Hữu", "Minh", "Quốc", "Thành", "Công"),
    middle_female=("Thị", "Ngọc", "Thanh", "Kim", "Thu", "Bích"),
)

JAPANESE = Culture(
    key="japanese",
    male=(
        "Hiroshi", "Takeshi", "Kenji", "Haruto", "Yuto", "Daiki", "Kazuki", "Satoshi",
        "Makoto", "Ryota", "Shota", "Kenta", "Akira", "Yusuke",
    ),
    female=(
        "Yuki", "Yui", "Aoi", "Sakura", "Haruka", "Yoko", "Keiko", "Naomi", "Emi", "Mai",
        "Ayumi", "Kaori", "Megumi", "Rin",
    ),
    surnames=(
        "Sato", "Suzuki", "Takahashi", "Tanaka", "Watanabe", "Ito", "Yamamoto", "Nakamura",
        "Kobayashi", "Kato", "Yoshida", "Yamada", "Sasaki", "Yamaguchi", "Matsumoto", "Inoue",
        "Kimura", "Hayashi", "Shimizu", "Saito",
    ),
    middle_rate=0.05,
)

FILIPINO = Culture(
    key="filipino",
    male=(
        "Jose", "Juan", "Mark", "John Paul", "Rodrigo", "Ferdinand", "Jun", "Ramon", "Reynaldo",
        "Romeo", "Eduardo", "Danilo", "Rolando", "Jerome", "Christian", "Kristoffer", "Arnel",
        "Rommel", "Jayson", "Angelo",
    ),
    female=(
        "Maria", "Ma. Cristina", "Corazon", "Imelda", "Rizalina", "Jocelyn", "Marites",
        "Rowena", "Lourdes", "Teresita", "Maricel", "Liza", "Kristine", "Angelica", "Jennelyn",
        "Erlinda", "Rosalie", "Mylene", "Charmaine", "Luzviminda",
    ),
    surnames=(
        "Santos", "Reyes", "Cruz", "Bautista", "Ocampo", "Garcia", "Mendoza", "Torres",
        "Castillo", "Villanueva", "Dela Cruz", "De Guzman", "Aquino", "Ramos", "Manalo",
        "Pascual", "Macaraeg", "Dimaculangan", "Santiago", "Soriano", "Del Rosario", "Navarro",
        "Gonzales", "Fernandez", "Lopez", "Tolentino", "Magbanua", "Panganiban", "Sison",
        "Evangelista",
    ),
    middle_rate=0.75,
    middle_source="surname",
)

SOUTH_ASIAN = Culture(
    key="south_asian",
    male=(
        "Rahul", "Amit", "Raj", "Sanjay", "Vijay", "Arjun", "Rohan", "Anil", "Suresh", "Ramesh",
        "Imran", "Ali", "Faisal", "Hassan", "Vikram", "Karthik", "Aditya", "Pradeep",
        "Venkatesh", "Mohammad", "Nikhil", "Harpreet", "Gurpreet", "Sandeep",
    ),
    female=(
        "Priya", "Anjali", "Sunita", "Pooja", "Neha", "Lakshmi", "Kavya", "Deepa", "Ayesha",
        "Fatima", "Sana", "Divya", "Meera", "Shreya", "Aishwarya", "Nusrat", "Rukhsana",
        "Parveen", "Jaspreet", "Simran", "Padmavathi",
    ),
    surnames=(
        "Patel", "Shah", "Singh", "Kumar", "Sharma", "Gupta", "Reddy", "Rao", "Iyer", "Nair",
        "Mehta", "Desai", "Joshi", "Chowdhury", "Khan", "Ahmed", "Hussain", "Rahman", "Das",
        "Banerjee", "Mukherjee", "Pillai", "Krishnamurthy", "Venkataraman", "Bhattacharya",
        "Qureshi", "Malik", "Gill", "Sandhu", "Subramanian",
    ),
    middle_rate=0.3,
)

ARABIC = Culture(
    key="arabic",
    male=(
        "Mohammed", "Ahmed", "Ali", "Omar", "Hassan", "Hussein", "Khalid", "Youssef", "Ibrahim",
        "Abdullah", "Mustafa", "Tariq", "Karim", "Samir", "Mahmoud", "Walid", "Nabil", "Ziad",
        "Bilal", "Hamza", "Abdul Rahman", "Said",
    ),
    female=(
        "Fatima", "Aisha", "Mariam", "Noor", "Layla", "Zainab", "Huda", "Rania", "Salma",
        "Amira", "Yasmin", "Hana", "Lina", "Dalia", "Sara", "Nadia", "Rasha", "Samira", "Reem",
    ),
    surnames=(
        "Al-Sayed", "Al-Masri", "Haddad", "Khoury", "Mansour", "Nasser", "Hamdan", "Saleh",
        "Abdullah", "El-Amin", "Abu-Khalil", "Darwish", "Farah", "Hakim", "Ibrahim", "Jaber",
        "Kassem", "Najjar", "Al-Rashid", "Hussein", "Suleiman", "Yousef", "Azizi", "Rahimi",
        "Hashemi", "Karimi", "Al-Hassan", "Ben Ali", "Bakr", "Osman",
    ),
    middle_rate=0.6,
    middle_source="father",
)

AFRICAN = Culture(
    key="african",
    male=(
        "Chukwuemeka", "Oluwaseun", "Kwame", "Kofi", "Abebe", "Tesfaye", "Mohamed", "Emmanuel",
        "Samuel", "Ibrahima", "Mamadou", "Yaw", "Chinedu", "Tunde", "Dawit", "Abdi", "Joseph",
        "Olumide", "Segun", "Moussa",
    ),
    female=(
        "Chiamaka", "Ngozi", "Amara", "Abena", "Adaeze", "Tigist", "Hiwot", "Fatou",
        "Aminata", "Blessing", "Folasade", "Akosua", "Yetunde", "Mariama", "Halima", "Hodan",
        "Mercy", "Grace", "Selam", "Nneka",
    ),
    surnames=(
        "Okafor", "Adeyemi", "Okonkwo", "Mensah", "Boateng", "Tesfaye", "Bekele", "Haile",
        "Abdi", "Mohamud", "Diallo", "Traoré", "Ndiaye", "Kamara", "Nwosu", "Eze", "Osei",
        "Owusu", "Adebayo", "Balogun", "Girma", "Wolde", "Warsame", "Hassan", "Sow", "Bah",
        "Koroma", "Nkemelu", "Oyelaran", "Mwangi",
    ),
    middle_rate=0.5,
)

SAMOAN = Culture(
    key="samoan",
    male=(
        "Sione", "Tavita", "Ioane", "Fetu", "Pita", "Tasi", "Mikaele", "Sefo", "Faleolo",
        "Talia", "Ropati", "Iosefa",
    ),
    female=(
        "Malia", "Mele", "Losa", "Tala", "Sina", "Ana", "Lagi", "Salote", "Fiapaipai", "Leilani",
        "Tina", "Lusia",
    ),
    surnames=(
        "Tuiasosopo", "Faleolo", "Fa'amausili", "Leiato", "Sapolu", "Aumua", "Ta'ase", "Pula",
        "Lutu", "Tuilagi", "Savali", "Mauga", "Fonoti", "Soliai", "Tago", "Ioelu",
    ),
    middle_rate=0.3,
)

CHAMORRO = Culture(
    key="chamorro",
    male=(
        "Jesus", "Juan", "Vicente", "Joaquin", "Francisco", "Ignacio", "Ramon", "Antonio",
        "Pedro", "Manuel", "Jose", "Tomas",
    ),
    female=(
        "Maria", "Rosa", "Ana", "Josefina", "Carmen", "Dolores", "Consolacion", "Rita", "Teresa",
        "Lourdes", "Vicenta", "Isabel",
    ),
    surnames=(
        "Sablan", "Camacho", "Cruz", "Taitano", "Quitugua", "Blas", "Aguon", "San Nicolas",
        "Guerrero", "Tenorio", "Santos", "Flores", "Perez", "Leon Guerrero", "Borja", "Manibusan",
    ),
    middle_rate=0.5,
)


CULTURES: tuple[Culture, ...] = (
    ENGLISH, IRISH, GERMAN, SPANISH, FRENCH, SLAVIC, CHINESE, KOREAN, VIETNAMESE, JAPANESE,
    FILIPINO, SOUTH_ASIAN, ARABIC, AFRICAN, SAMOAN, CHAMORRO,
)
CULTURE_INDEX: dict[str, int] = {c.key: i for i, c in enumerate(CULTURES)}

# Spellings another office may use for the same name (romanisation, anglicisation).
TRANSLITERATIONS: dict[str, tuple[str, ...]] = {
    "Mohammed": ("Muhammad", "Mohamed", "Mohammad"),
    "Mohammad": ("Muhammad", "Mohammed"),
    "Mohamed": ("Mohammed", "Muhammad"),
    "Ahmed": ("Ahmad",),
    "Hassan": ("Hasan",),
    "Hussein": ("Husain", "Hussain"),
    "Youssef": ("Yusuf", "Yousef"),
    "Mariam": ("Maryam", "Miriam"),
    "Layla": ("Leila", "Laila"),
    "Aisha": ("Ayesha", "Aicha"),
    "Yasmin": ("Yasmine", "Jasmin"),
    "Mustafa": ("Mostafa",),
    "Mahmoud": ("Mahmud",),
    "Aleksandr": ("Alexander", "Oleksandr"),
    "Oleksandr": ("Aleksandr", "Olexandr"),
    "Dmitri": ("Dmitry", "Dmytro"),
    "Sergei": ("Sergey", "Serhii"),
    "Andrei": ("Andrey", "Andrii"),
    "Yevgeny": ("Evgeny", "Evgenii"),
    "Yulia": ("Iuliia", "Julia"),
    "Tatiana": ("Tatyana",),
    "Natalia": ("Natalya", "Nataliia"),
    "Yuri": ("Yury", "Iurii"),
    "Alexei": ("Alexey", "Oleksii"),
    "Nikolai": ("Nikolay", "Mykola"),
    "Halyna": ("Galina",),
    "Iryna": ("Irina",),
    "Ekaterina": ("Yekaterina", "Kateryna"),
    "Shevchenko": ("Shevtchenko",),
    "Ivanov": ("Ivanoff",),
    "Zhou": ("Chou",),
    "Zhang": ("Chang",),
    "Chen": ("Chan",),
    "Lee": ("Yi", "Rhee"),
    "Park": ("Pak", "Bak"),
    "Choi": ("Choe",),
    "Jung": ("Chung", "Jeong"),
    "Tesfaye": ("Tesfay",),
    "Chowdhury": ("Choudhury", "Chaudhry"),
    "Hussain": ("Husain", "Hussein"),
}

# Familiar forms people put on forms instead of their legal given name.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "William": ("Bill", "Will", "Billy"),
    "Robert": ("Bob", "Rob", "Bobby"),
    "Richard": ("Rick", "Dick", "Rich"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "John": ("Jack", "Johnny"),
    "Michael": ("Mike", "Mikey"),
    "Joseph": ("Joe", "Joey"),
    "Thomas": ("Tom", "Tommy"),
    "Charles": ("Charlie", "Chuck"),
    "Christopher": ("Chris",),
    "Daniel": ("Dan", "Danny"),
    "Matthew": ("Matt",),
    "Anthony": ("Tony",),
    "Steven": ("Steve",),
    "Andrew": ("Andy", "Drew"),
    "Kenneth": ("Ken", "Kenny"),
    "Timothy": ("Tim",),
    "Ronald": ("Ron", "Ronnie"),
    "Edward": ("Ed", "Ted", "Eddie"),
    "Jeffrey": ("Jeff",),
    "Nicholas": ("Nick",),
    "Jonathan": ("Jon",),
    "Gregory": ("Greg",),
    "Alexander": ("Alex",),
    "Patrick": ("Pat", "Paddy"),
    "Benjamin": ("Ben",),
    "Samuel": ("Sam",),
    "Lawrence": ("Larry",),
    "Douglas": ("Doug",),
    "Zachary": ("Zach",),
    "Elizabeth": ("Liz", "Beth", "Betty", "Eliza"),
    "Margaret": ("Peggy", "Maggie", "Meg"),
    "Katherine": ("Kate", "Kathy", "Katie"),
    "Kathleen": ("Kathy", "Kate"),
    "Catherine": ("Cathy", "Kate"),
    "Jennifer": ("Jenny", "Jen"),
    "Patricia": ("Patty", "Trish", "Pat"),
    "Susan": ("Sue", "Susie"),
    "Deborah": ("Debbie", "Deb"),
    "Rebecca": ("Becky",),
    "Kimberly": ("Kim",),
    "Pamela": ("Pam",),
    "Victoria": ("Vicky", "Tori"),
    "Samantha": ("Sam",),
    "Christine": ("Chris", "Tina"),
    "Dorothy": ("Dot", "Dottie"),
    "Abigail": ("Abby",),
    "Francisco": ("Paco", "Pancho", "Frank"),
    "José": ("Pepe", "Joe"),
    "Jesús": ("Chuy",),
    "Guadalupe": ("Lupe",),
    "Alejandro": ("Alex",),
    "Ignacio": ("Nacho",),
    "Dolores": ("Lola",),
    "Rosario": ("Chayo",),
    "Eduardo": ("Lalo",),
    "Roberto": ("Beto",),
    "Alfonso": ("Poncho",),
    "Enrique": ("Quique",),
    "Aleksandr": ("Sasha",),
    "Dmitri": ("Dima",),
    "Ivan": ("Vanya",),
    "Mikhail": ("Misha",),
    "Ekaterina": ("Katya",),
    "Natalia": ("Natasha",),
    "Anastasia": ("Nastya",),
    "Vladimir": ("Vova",),
    "Oluwaseun": ("Seun",),
    "Chukwuemeka": ("Emeka",),
    "Mohammed": ("Mo",),
    "Abdullah": ("Abdul",),
    "Venkatesh": ("Venky",),
    "Krzysztof": ("Chris",),
}

# Lower-case particles that open a surname: such a surname is one name, not two.
SURNAME_PARTICLES = frozenset(
    {"de", "del", "de la", "la", "van", "von", "san", "st.", "st", "al", "el", "abu", "ben",
     "bin", "mac", "mc", "ó", "o", "dela", "leon"}
)

NAME_SUFFIXES: tuple[str, ...] = ("JR", "Jr.", "Jr", "III", "II", "Sr.")
# fmt: on
