"""Name frequencies and the ways names drift, for the duplicate-candidate benchmark.

Written for the benchmark on its own, apart from the product's nickname table
(``waypoint/participants/nicknames.py``): the returns it makes use nicknames and
spellings people actually use, some of which the product's table does not know, so the
benchmark does not just check the table against itself.

Weights are approximate relative frequencies: first names from US birth records of the
parents' generation (born about 1935–1985) and US Spanish-speaking communities,
surnames from the 2010 US census counts (thousands of people).
"""

from __future__ import annotations

FEMALE_EN = {
    "Mary": 100, "Linda": 60, "Patricia": 60, "Barbara": 45, "Susan": 45, "Jennifer": 45,
    "Elizabeth": 40, "Deborah": 35, "Karen": 35, "Lisa": 35, "Nancy": 30, "Sandra": 28,
    "Donna": 27, "Michelle": 27, "Kimberly": 26, "Carol": 25, "Sharon": 24, "Cynthia": 22,
    "Margaret": 22, "Angela": 21, "Pamela": 20, "Debra": 20, "Brenda": 19, "Amy": 18,
    "Melissa": 18, "Laura": 17, "Teresa": 10, "Theresa": 8, "Dorothy": 15, "Betty": 15,
    "Helen": 14, "Ruth": 12, "Shirley": 12, "Judy": 12, "Janet": 12, "Kathy": 11,
    "Christine": 11, "Rebecca": 10, "Stephanie": 10, "Tammy": 10, "Cheryl": 10, "Denise": 10,
    "Heather": 10, "Julie": 10, "Diane": 10, "Catherine": 9, "Katherine": 9, "Kathleen": 9,
    "Virginia": 8, "Joyce": 8, "Martha": 8, "Judith": 8, "Lori": 8, "Sarah": 8, "Rose": 7,
    "Frances": 7, "Ann": 7, "Anna": 7, "Janice": 7, "Carolyn": 7, "Jessica": 7, "Christina": 7,
    "Gloria": 6, "Jacqueline": 6, "Wanda": 6, "Tina": 6, "Rhonda": 6, "Joan": 6, "Amanda": 6,
    "Tracy": 6, "Dawn": 6, "Kelly": 6, "Connie": 5, "Bonnie": 5, "Robin": 5, "Wendy": 5,
    "Beverly": 5, "Jean": 5, "Sheila": 5, "Paula": 5, "Peggy": 4, "Sally": 4, "Dolores": 4,
    "Tonya": 4, "Crystal": 4, "Vicki": 4, "Marie": 4, "Evelyn": 4, "Alice": 4, "Gail": 4,
    "Regina": 4, "Valerie": 4, "Phyllis": 4, "Elaine": 4, "Jane": 4, "Cindy": 4, "Sherry": 4,
    "Diana": 4, "Norma": 4, "Marilyn": 4, "Darlene": 4, "Rachel": 4, "Yvonne": 3,
    "Veronica": 3, "Yolanda": 3, "Gina": 3, "Vanessa": 3, "Victoria": 3, "Sylvia": 3,
    "Irene": 3, "Geraldine": 3, "Kristen": 3, "Erica": 3, "Monica": 3, "Holly": 3, "Jill": 3,
    "April": 3, "Leslie": 3, "Terri": 3, "Anita": 3, "Lois": 3, "Josephine": 3, "Roberta": 3,
    "Lorraine": 3, "Loretta": 3, "Lillian": 2, "Hazel": 2, "Florence": 2, "Lucille": 2,
    "Glenda": 2, "Edna": 2, "Ethel": 2, "Charlotte": 2, "Eleanor": 2, "Abigail": 1,
}  # fmt: skip
FEMALE_ES = {
    "María": 120, "Guadalupe": 30, "Rosa": 25, "Juana": 20, "Carmen": 20, "Margarita": 18,
    "Ana": 18, "Teresa": 15, "Patricia": 15, "Martha": 15, "Josefina": 12, "Leticia": 12,
    "Verónica": 12, "Silvia": 12, "Claudia": 12, "Yolanda": 12, "Elizabeth": 10,
    "Gabriela": 10, "Adriana": 10, "Dolores": 10, "Alejandra": 9, "Rosario": 8,
    "Francisca": 8, "Isabel": 8, "Elena": 8, "Blanca": 8, "Graciela": 8, "Irma": 8,
    "Norma": 8, "Alicia": 8, "Gloria": 8, "Sandra": 8, "Laura": 8, "Concepción": 6,
    "Esperanza": 6, "Lucía": 6, "Consuelo": 6, "Beatriz": 6, "Angélica": 6, "Luz": 6,
    "Socorro": 5, "Mercedes": 5, "Raquel": 5, "Maribel": 5, "Lorena": 5, "Cecilia": 5,
    "Araceli": 5, "Lourdes": 5, "Yesenia": 4, "Eva": 4, "Virginia": 4, "Rocío": 4,
    "Susana": 4, "Estela": 4, "Soledad": 3, "Sofía": 3, "Catalina": 3, "Ofelia": 3,
    "Hilda": 3, "Reyna": 3, "Imelda": 3, "Victoria": 3, "Natividad": 2, "Refugio": 2,
    "Trinidad": 2, "Juliana": 2, "Amparo": 2, "Yadira": 2, "Xóchitl": 1, "Jovita": 1,
}  # fmt: skip
MALE_EN = {
    "James": 80, "John": 80, "Robert": 80, "Michael": 70, "William": 60, "David": 60,
    "Richard": 45, "Charles": 40, "Thomas": 40, "Joseph": 35, "Donald": 25, "Ronald": 25,
    "Kenneth": 22, "Paul": 22, "Mark": 22, "Steven": 22, "George": 22, "Gary": 20,
    "Larry": 18, "Edward": 18, "Daniel": 18, "Jerry": 14, "Dennis": 13, "Frank": 13,
    "Raymond": 12, "Timothy": 12, "Stephen": 12, "Jeffrey": 12, "Gregory": 10, "Brian": 10,
    "Kevin": 10, "Anthony": 10, "Christopher": 10, "Douglas": 9, "Scott": 9, "Peter": 8,
    "Walter": 8, "Roger": 8, "Terry": 8, "Harold": 7, "Carl": 7, "Eric": 7, "Keith": 7,
    "Henry": 6, "Arthur": 6, "Ralph": 6, "Wayne": 6, "Bruce": 6, "Randy": 6, "Gerald": 6,
    "Lawrence": 6, "Andrew": 6, "Matthew": 6, "Jason": 6, "Patrick": 6, "Billy": 5,
    "Alan": 5, "Russell": 5, "Howard": 5, "Eugene": 5, "Jack": 5, "Louis": 5, "Roy": 5,
    "Fred": 5, "Johnny": 5, "Bobby": 5, "Danny": 5, "Jimmy": 5, "Craig": 5, "Willie": 5,
    "Albert": 5, "Allen": 4, "Philip": 4, "Phillip": 4, "Samuel": 4, "Tony": 4, "Dale": 4,
    "Glenn": 4, "Todd": 4, "Jonathan": 4, "Curtis": 3, "Clarence": 3, "Earl": 3,
    "Ernest": 3, "Leonard": 3, "Victor": 3, "Martin": 3, "Joshua": 3, "Troy": 3, "Shawn": 3,
    "Vincent": 3, "Francis": 3, "Sean": 3, "Benjamin": 3, "Nicholas": 3, "Alfred": 2,
    "Frederick": 2, "Theodore": 2, "Geoffrey": 1,
}  # fmt: skip
MALE_ES = {
    "José": 100, "Juan": 70, "Francisco": 30, "Antonio": 28, "Jesús": 25, "Manuel": 25,
    "Luis": 25, "Carlos": 22, "Jorge": 20, "Miguel": 20, "Pedro": 15, "Roberto": 15,
    "Ricardo": 12, "Eduardo": 12, "Javier": 12, "Alberto": 10, "Fernando": 10, "Rafael": 10,
    "Alejandro": 10, "Sergio": 10, "Raúl": 10, "Arturo": 9, "Guillermo": 8, "Enrique": 8,
    "Ramón": 8, "Salvador": 8, "Víctor": 8, "Héctor": 8, "Mario": 8, "Rubén": 7,
    "Gerardo": 7, "Armando": 7, "Alfredo": 6, "Ángel": 6, "Martín": 6, "Julio": 6,
    "Óscar": 6, "Daniel": 6, "Ignacio": 5, "Felipe": 5, "Pablo": 5, "Gabriel": 5,
    "David": 5, "Rogelio": 4, "Gilberto": 4, "Humberto": 4, "Andrés": 4, "Ernesto": 4,
    "Alfonso": 4, "Rodolfo": 4, "Gustavo": 4, "Vicente": 4, "Joaquín": 3, "Santiago": 3,
    "Agustín": 3, "Tomás": 3, "Marcos": 3, "Hugo": 3, "Fidel": 2, "Margarito": 2,
    "Lorenzo": 2, "Isidro": 2, "Ezequiel": 2, "Efraín": 2, "Adolfo": 2, "Benito": 2,
    "Domingo": 2, "Rigoberto": 2, "Gonzalo": 2, "Heriberto": 2, "Cristóbal": 1,
}  # fmt: skip
# Participants themselves were born 1956–2008: their own first names add later ones.
GIVEN_EXTRA_F = {
    "Ashley": 20, "Jessica": 25, "Amanda": 18, "Sarah": 15, "Stephanie": 12, "Nicole": 12,
    "Heather": 10, "Brittany": 10, "Samantha": 10, "Megan": 8, "Crystal": 8, "Tiffany": 8,
    "Kayla": 6, "Danielle": 6, "Alyssa": 4, "Jasmine": 4, "Destiny": 3, "Karina": 4,
    "Daisy": 3, "Yesenia": 3, "Vanessa": 5, "Diana": 4, "Brenda": 5,
}  # fmt: skip
GIVEN_EXTRA_M = {
    "Joshua": 20, "Matthew": 18, "Christopher": 20, "Justin": 12, "Brandon": 12,
    "Tyler": 8, "Cody": 6, "Kyle": 8, "Dustin": 6, "Travis": 6, "Jeremy": 8, "Jacob": 6,
    "Austin": 4, "Jonathan": 8, "Kevin": 8, "Anthony": 10, "Adrián": 3, "Iván": 3,
}  # fmt: skip
SURNAME_EN = {
    "Smith": 2443, "Johnson": 1933, "Williams": 1625, "Brown": 1437, "Jones": 1425,
    "Miller": 1161, "Davis": 1116, "Wilson": 802, "Anderson": 784, "Thomas": 756,
    "Taylor": 751, "Moore": 724, "Jackson": 708, "Martin": 703, "Lee": 693, "Thompson": 665,
    "White": 660, "Harris": 624, "Clark": 563, "Lewis": 532, "Robinson": 530, "Walker": 501,
    "Young": 484, "Allen": 483, "King": 465, "Wright": 459, "Scott": 440, "Hill": 435,
    "Green": 430, "Adams": 428, "Nelson": 425, "Baker": 420, "Hall": 407, "Campbell": 371,
    "Mitchell": 368, "Carter": 362, "Roberts": 360, "Phillips": 338, "Evans": 330,
    "Turner": 327, "Parker": 309, "Edwards": 306, "Collins": 305, "Stewart": 294,
    "Morris": 281, "Murphy": 276, "Cook": 266, "Rogers": 265, "Cooper": 254, "Bailey": 252,
    "Morgan": 251, "Peterson": 250, "Reed": 245, "Kelly": 245, "Howard": 244, "Cox": 237,
    "Ward": 234, "Richardson": 232, "Watson": 227, "Brooks": 227, "Wood": 226, "James": 226,
    "Bennett": 221, "Gray": 219, "Hughes": 209, "Price": 208, "Sanders": 207, "Myers": 203,
    "Long": 201, "Ross": 200, "Foster": 199, "Powell": 190, "Jenkins": 189, "Perry": 186,
    "Russell": 186, "Sullivan": 185, "Bell": 184, "Coleman": 183, "Butler": 183,
    "Henderson": 179, "Barnes": 175, "Fisher": 164, "Simmons": 163, "Graham": 162,
    "Marshall": 158, "Owens": 158, "Harrison": 153, "Gibson": 153, "Hayes": 150,
    "Wallace": 149, "Ellis": 149, "McDonald": 147, "Hamilton": 147, "Black": 140,
    "Hunt": 138, "Hawkins": 132, "Webb": 130, "Stone": 128, "Holmes": 123, "Palmer": 122,
    "Wagner": 118, "Hoffman": 113, "Meyer": 109, "Schmidt": 108, "Hudson": 99,
    "O'Brien": 80, "McCoy": 60, "McKinney": 60, "Vaughn": 60, "Vance": 40,
}  # fmt: skip
SURNAME_ES = {
    "García": 1166, "Rodríguez": 1095, "Martínez": 1060, "Hernández": 1043, "López": 875,
    "González": 841, "Pérez": 682, "Sánchez": 613, "Ramírez": 557, "Torres": 438,
    "Flores": 434, "Rivera": 420, "Gómez": 388, "Díaz": 369, "Reyes": 328, "Cruz": 321,
    "Morales": 312, "Ortiz": 286, "Gutiérrez": 271, "Chávez": 262, "Ramos": 255, "Ruiz": 238,
    "Álvarez": 233, "Mendoza": 231, "Castillo": 230, "Jiménez": 221, "Moreno": 216,
    "Romero": 214, "Herrera": 212, "Medina": 209, "Aguilar": 204, "Vásquez": 194,
    "Castro": 194, "Vargas": 167, "Fernández": 163, "Guzmán": 160, "Muñoz": 157,
    "Salazar": 154, "Méndez": 154, "Valdez": 145, "Vega": 140, "Silva": 140, "Soto": 138,
    "Contreras": 136, "Vázquez": 130, "Sandoval": 130, "Santiago": 130, "Guerrero": 129,
    "Estrada": 126, "Delgado": 126, "Domínguez": 123, "Rios": 120, "Espinoza": 120,
    "Núñez": 118, "Juárez": 115, "Acosta": 110, "Luna": 110, "Campos": 100, "Rojas": 98,
    "Velásquez": 95, "Navarro": 90, "Villarreal": 82, "De la Cruz": 80, "Gallegos": 80,
    "Cervantes": 80, "Fuentes": 80, "Solís": 80, "Cortez": 75, "Ibarra": 70,
    "Barrera": 70, "Carrillo": 70, "Velázquez": 70, "De León": 60, "Zamora": 60,
    "Villanueva": 60, "Cabrera": 60, "Ochoa": 60, "Serrano": 60, "Sosa": 60, "Zúñiga": 55,
    "Bonilla": 45, "Bautista": 45, "De Jesús": 40, "Becerra": 40, "Zapata": 40,
    "Galván": 40, "Cisneros": 40, "Quintero": 35, "Beltrán": 35, "Hidalgo": 30,
    "Del Río": 25, "Ybarra": 20, "Llamas": 12,
}  # fmt: skip

# Familiar forms people give for a name, in both directions (formal → familiar).
NICKNAMES = {
    "Elizabeth": ["Beth", "Liz", "Betty", "Eliza", "Lisa", "Libby"],
    "Margaret": ["Peggy", "Maggie", "Meg", "Marge"], "Patricia": ["Pat", "Patty", "Trish"],
    "Deborah": ["Debbie", "Deb"], "Debra": ["Debbie"], "Katherine": ["Kathy", "Kate", "Katie"],
    "Catherine": ["Cathy", "Kate", "Cat"], "Kathleen": ["Kathy", "Kate"],
    "Susan": ["Sue", "Susie"], "Jennifer": ["Jenny", "Jen"], "Kimberly": ["Kim"],
    "Pamela": ["Pam"], "Rebecca": ["Becky"], "Cynthia": ["Cindy"], "Barbara": ["Barb"],
    "Dorothy": ["Dot", "Dottie"], "Judith": ["Judy"], "Christine": ["Chris", "Tina"],
    "Christina": ["Tina", "Chris"], "Theresa": ["Terry", "Tess"], "Teresa": ["Tere", "Terry"],
    "Virginia": ["Ginny"], "Frances": ["Fran"], "Sandra": ["Sandy"], "Jacqueline": ["Jackie"],
    "Victoria": ["Vicky", "Tori"], "Stephanie": ["Steph"], "Samantha": ["Sam"],
    "Melissa": ["Missy", "Mel"], "Carolyn": ["Carrie"], "Mary": ["Molly", "Polly", "Mae"],
    "Sarah": ["Sally", "Sadie"], "Ann": ["Annie", "Nan"], "Anna": ["Annie"],
    "Helen": ["Nell"], "Josephine": ["Josie", "Jo"], "Jessica": ["Jess"],
    "Amanda": ["Mandy"], "Veronica": ["Ronnie"], "Roberta": ["Bobbie"], "Valerie": ["Val"],
    "Eleanor": ["Ellie", "Nora"], "Abigail": ["Abby"], "Janet": ["Jan"],
    "William": ["Bill", "Will", "Billy"], "Robert": ["Bob", "Rob", "Bobby"],
    "Richard": ["Dick", "Rick", "Rich"], "James": ["Jim", "Jimmy", "Jamie"],
    "John": ["Jack", "Johnny"], "Michael": ["Mike", "Mickey"], "Thomas": ["Tom", "Tommy"],
    "Charles": ["Charlie", "Chuck"], "Joseph": ["Joe", "Joey"], "Edward": ["Ed", "Eddie", "Ted"],
    "Anthony": ["Tony"], "Daniel": ["Dan", "Danny"], "Donald": ["Don", "Donnie"],
    "Ronald": ["Ron", "Ronnie"], "Kenneth": ["Ken", "Kenny"], "Steven": ["Steve"],
    "Stephen": ["Steve"], "Gregory": ["Greg"], "Timothy": ["Tim"], "Jeffrey": ["Jeff"],
    "Lawrence": ["Larry"], "Gerald": ["Jerry"], "Raymond": ["Ray"], "Frederick": ["Fred"],
    "Benjamin": ["Ben"], "Nicholas": ["Nick"], "Christopher": ["Chris"], "Matthew": ["Matt"],
    "Andrew": ["Andy", "Drew"], "Patrick": ["Pat"], "Samuel": ["Sam"], "Walter": ["Walt"],
    "Harold": ["Hal", "Harry"], "Henry": ["Hank"], "Eugene": ["Gene"], "Albert": ["Al", "Bert"],
    "Francis": ["Frank"], "Leonard": ["Lenny"], "Douglas": ["Doug"], "Peter": ["Pete"],
    "Philip": ["Phil"], "Phillip": ["Phil"], "Russell": ["Russ"], "Theodore": ["Ted"],
    "Vincent": ["Vince"], "Jonathan": ["Jon"], "Alfred": ["Alfie"],
    "Guadalupe": ["Lupe", "Lupita"], "María": ["Mari", "Maru"], "Dolores": ["Lola", "Lolita"],
    "Concepción": ["Concha", "Conchita", "Chona"], "Rosario": ["Charo", "Chayo"],
    "Josefina": ["Pepa", "Fina", "Chepina"], "Francisca": ["Paca", "Pancha", "Paquita"],
    "Socorro": ["Coco"], "Consuelo": ["Chelo"], "Refugio": ["Cuca"], "Graciela": ["Chela"],
    "Soledad": ["Chole"], "Mercedes": ["Meche"], "Isabel": ["Chabela", "Isa"],
    "Margarita": ["Mago", "Magui"], "Alejandra": ["Ale"], "Gabriela": ["Gaby"],
    "Verónica": ["Vero"], "Beatriz": ["Bety"], "Leticia": ["Lety"], "Trinidad": ["Trini"],
    "Natividad": ["Nati"], "Cecilia": ["Ceci"], "Juana": ["Juanita"], "Luz": ["Lucha"],
    "Lourdes": ["Lulú"], "Esperanza": ["Espe"], "Araceli": ["Chely"],
    "José": ["Pepe", "Chepe"], "Francisco": ["Paco", "Pancho", "Kiko"],
    "Jesús": ["Chuy", "Chucho", "Jesse"], "Alberto": ["Beto"], "Roberto": ["Beto", "Tito"],
    "Humberto": ["Beto"], "Eduardo": ["Lalo"], "Guillermo": ["Memo"], "Ignacio": ["Nacho"],
    "Enrique": ["Quique", "Kike"], "Antonio": ["Toño", "Tony"], "Manuel": ["Manolo"],
    "Gerardo": ["Jerry"], "Alfredo": ["Fredo"], "Rafael": ["Rafa"], "Alejandro": ["Alex"],
    "Luis": ["Güicho"], "Salvador": ["Chava"], "Ramón": ["Moncho"], "Rodolfo": ["Rudy", "Fito"],
    "Fernando": ["Nando"], "Joaquín": ["Quino"], "Santiago": ["Chago"], "Domingo": ["Mingo"],
    "Armando": ["Mando"], "Gilberto": ["Gil"], "Jorge": ["George"], "Juan": ["Johnny"],
    "Miguel": ["Mike"], "Heriberto": ["Eddie"], "Rigoberto": ["Rigo"], "Ezequiel": ["Cheque"],
}  # fmt: skip
# More familiar forms in real use, written down apart from the product's table (a
# benchmark that only used the table's own pairs would measure the table against itself).
for formal, familiar in {
    "Mary": ["Mamie", "Minnie"], "Dorothy": ["Dolly"], "Catherine": ["Kay"],
    "Kathleen": ["Kay"], "Margaret": ["Greta", "Rita"], "Elizabeth": ["Elsie", "Bess"],
    "Patricia": ["Tish"], "Barbara": ["Babs"], "Virginia": ["Gina"], "Theresa": ["Tracy"],
    "William": ["Liam"], "Edward": ["Teddy"], "James": ["Jem"], "Henry": ["Hal"],
    "Anthony": ["Ant"], "Albert": ["Bertie"], "Alfred": ["Fred"], "Donald": ["Donny"],
    "Dolores": ["Loli"], "Guadalupe": ["Pita"], "Rosario": ["Rocho"], "Josefina": ["Chepa"],
    "Socorro": ["Choco"], "Francisco": ["Pacho", "Curro"], "Eduardo": ["Guayo", "Edu"],
    "Alejandro": ["Jano"], "Enrique": ["Quico"], "Antonio": ["Nono"], "Manuel": ["Lito"],
    "Rafael": ["Fayo"], "Sergio": ["Checo"], "Juana": ["Juanis"], "Guillermo": ["Guille"],
    "Roberto": ["Rober"], "Humberto": ["Tito"], "Fernando": ["Nano"], "Ramón": ["Monchi"],
    "Salvador": ["Chavo"], "Margarita": ["Rita"], "Teresa": ["Teté"], "Cecilia": ["Chila"],
    "Mercedes": ["Mecha"], "Concepción": ["Conchis"], "Ignacio": ["Nachito"],
    "Jesús": ["Chuyito"],
}.items():  # fmt: skip
    NICKNAMES[formal] = [*NICKNAMES.get(formal, []), *familiar]

# Surnames that may be given without their particle, or with only one of two surnames.
PARTICLES = ("de la ", "de los ", "del ", "de ", "van ", "von ", "mc", "mac", "o'")
