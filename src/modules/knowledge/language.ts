/**
 * A small, deterministic English/Spanish guess from function words and Spanish letters. Good
 * enough to pick a text search configuration and a reply language; null when unclear.
 */
const SPANISH = new Set(
  'el la los las un una unos unas de del y o que en es son por para con sin como pero muy mi mis tu su sus nuestro nuestra hola gracias quiero quisiera tienen tiene hay cuanto cuánto cuando cuándo donde dónde qué cuál cual puedo puede se me lo le al está están estoy somos soy usted ustedes buenas buenos días tardes necesito horario precio'.split(
    ' ',
  ),
);
const ENGLISH = new Set(
  'the a an of and or that in is are for with without how but very my your our their his her hello hi thanks thank want would like do does have has there what which when where can could i you we it to at on this be from please need hours price'.split(
    ' ',
  ),
);

export type DetectedLanguage = 'en' | 'es';

export function detectLanguage(text: string): DetectedLanguage | null {
  const words = text.toLowerCase().match(/[\p{L}]+/gu) ?? [];
  let spanish = /[ñ¿¡]/.test(text) ? 2 : 0;
  let english = 0;
  for (const word of words) {
    if (SPANISH.has(word)) spanish += 1;
    if (ENGLISH.has(word)) english += 1;
    if (/[áéíóú]/.test(word)) spanish += 0.5;
  }
  if (spanish === english) return null;
  return spanish > english ? 'es' : 'en';
}

/** The PostgreSQL text search configuration for a language. */
export function searchConfigOf(language: DetectedLanguage | 'auto' | null): 'english' | 'spanish' | 'simple' {
  if (language === 'en') return 'english';
  if (language === 'es') return 'spanish';
  return 'simple';
}
