/**
 * Word handling shared by retrieval's query expansion and the builtin provider's sentence
 * picking: accent folding, a light English/Spanish suffix stemmer, stopwords, and groups of
 * words customers use for the same need (hours, prices, places...), in both languages.
 */

export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

export function words(text: string): string[] {
  return fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

const SUFFIXES = [
  'amientos',
  'imientos',
  'amiento',
  'imiento',
  'aciones',
  'iciones',
  'ciones',
  'mente',
  'ments',
  'ation',
  'ment',
  'ando',
  'iendo',
  'ados',
  'idos',
  'adas',
  'idas',
  'amos',
  'emos',
  'imos',
  'aron',
  'ieron',
  'cion',
  'ado',
  'ido',
  'ada',
  'ida',
  'ing',
  'ed',
  'es',
  'os',
  'as',
  'ar',
  'er',
  'ir',
  'an',
  'en',
  'ly',
  's',
  'a',
  'o',
  'e',
  'y',
];

/** A crude stem: good enough to meet "opening" with "open" and "envíos" with "envio". */
export function stem(word: string): string {
  const folded = fold(word);
  if (folded.length <= 3 || /\d/.test(folded)) return folded;
  if (/[^aeiou]i(?:es|ed)$/.test(folded) && folded.length > 5) return `${folded.slice(0, -3)}y`;
  for (const suffix of SUFFIXES) {
    if (folded.endsWith(suffix) && folded.length - suffix.length >= 3) return folded.slice(0, -suffix.length);
  }
  return folded;
}

export function sameStem(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.startsWith(short);
}

/** Function words and words every question has, which say nothing about what is asked. */
export const STOPWORDS = new Set(
  `a an the and or but if of to in on at by for from with without about into over after before up down out off than then so as is are was were be been being
  am do does did done have has had having i me my mine you your yours we us our ours they them their it its this that these those there here he she his her
  what which who whom whose when where why how can could would should will shall may might must not no yes ok okay please thanks thank hi hello hey good
  morning afternoon evening just also very really much many any some all more most other such only own same too again once want wanted need needed know
  like would tell let get got give make see help question questions info information something anything thing things ask asking wondering
  el la los las un una unos unas de del al y o u e ni que en es son ser fue era por para con sin sobre como pero mas muy mi mis tu tus su sus nuestro
  nuestra nuestros nuestras yo me te se le les lo nos usted ustedes ellos ellas esta este esto estas estos ese esa eso hay hola gracias buenas buenos
  dias tardes noches favor quiero quisiera queria necesito saber gustaria puedo pueden puede podria tienen tiene tengo informacion pregunta ayuda
  algo alguna algun cual cuales donde cuando como quien qui tambien ya si no ok vale`.split(/\s+/),
);

/** Words customers use for the same need; a customer's word brings its group into the search. */
const GROUPS = [
  'open opening opens close closing closed end ends start starts begin finish hours hour time times schedule weekend weekends sunday sundays saturday saturdays horario horarios abren abierto abiertos cierran cerrado hora horas atienden sabado sabados domingo domingos',
  'price prices cost costs fee fees charge charges rate rates expensive cheap precio precios cuesta cuestan costo costos valor cobran tarifa tarifas caro barato',
  'tuition enrollment enrolment registration colegiatura mensualidad inscripcion matricula',
  'where address located location directions find donde direccion ubicacion ubicados ubicada quedan encuentran',
  'ship shipping delivery deliver deliveries envio envios envian entrega entregas domicilio',
  'pay payment payments card cards cash transfer installments pago pagos pagar tarjeta tarjetas efectivo transferencia cuotas',
  'appointment appointments book booking schedule reserve reservation cita citas agendar reservar turno',
  'return returns refund refunds exchange devolucion devoluciones cambio cambios reembolso',
  'parking park estacionamiento estacionar aparcamiento',
  'insurance insurances seguro seguros aseguradora',
  'visit visits tour showing viewing visita visitas recorrido',
  'rent rental lease renta rentar alquiler arriendo arrendar',
  'pet pets dog dogs cat cats mascota mascotas perro perros gato gatos',
  'warranty guarantee garantia',
  'size sizes talla tallas medida medidas',
];

const groupOf = new Map<string, string[]>();
for (const line of GROUPS) {
  const members = line.split(' ');
  for (const member of members) groupOf.set(member, members);
}

/** The group words a text's words belong to, minus the words themselves. */
export function relatedWords(text: string): string[] {
  const own = new Set(words(text));
  const related = new Set<string>();
  for (const word of own) for (const member of groupOf.get(word) ?? []) if (!own.has(member)) related.add(member);
  return [...related];
}

/** The content words of a text, stemmed. */
export function contentStems(text: string): string[] {
  return [
    ...new Set(
      words(text)
        .filter((word) => !STOPWORDS.has(word) && word.length > 1)
        .map(stem),
    ),
  ];
}
