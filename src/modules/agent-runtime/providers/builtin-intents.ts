import { fold, sameStem, stem, words } from '../../knowledge/words.js';

/** Who customers ask for when they want a person. */
const PERSON =
  '(?:(?:a|an|the|some|one of your|real|live|actual|una|un|el|la|alguna|algun|alg[uú]n|con)\\s+)*(?:real\\s+|live\\s+)?(?:human|humano|humana|person|persona|people|agent|agente|representative|representante|rep|operator|operador|operadora|someone|somebody|alguien|staff|team member|manager|gerente|advisor|adviser|asesor|asesora|asesores|ejecutivo|ejecutiva|encargado|encargada|employee|empleado|empleada|recepcionista|receptionist|sales ?person|vendedor|vendedora|vet|veterinarian|veterinario|veterinaria|nurse|enfermera|enfermero|dentist|dentista|teacher|maestro|maestra|profesor|profesora|director|directora|principal|owner|dueno|duena|realtor|broker|corredor|corredora|consultant|consultor|consultora|specialist|especialista|coordinator|coordinador|coordinadora|doctor|doctora|secretaria)s?\\b';

const EXPLICIT = [
  // "talk to a person", "speak with someone", "chat with a human"
  new RegExp(`\\b(?:talk|speak|chat)\\s+(?:to|with)\\s+${PERSON}`),
  new RegExp(`\\b(?:connect|transfer|put|pass|send)\\s+me\\s+(?:through\\s+)?(?:to|with)\\s+${PERSON}`),
  new RegExp(`\\b(?:want|need|like|prefer|get me|give me|can i (?:get|have)|could i (?:get|have)|is there)\\s+${PERSON}`),
  /\b(?:human|real person|live agent|live person)\b/,
  // "could a person call me?", "have someone contact me", "que me llame alguien"
  new RegExp(`${PERSON}\\s+(?:call|contact|phone|text|reach)\\s+me\\b`),
  new RegExp(`\\bme (?:llame|llamen|contacte|contacten|marque|escriba)\\s+${PERSON}`),
  new RegExp(`${PERSON}\\s+(?:me\\s+)?(?:llame|contacte|marque)\\b`),
  /\b(?:not|no)\s+(?:a\s+)?(?:bot|robot|machine)\b/,
  // "quiero hablar con una persona", "comunicarme con un asesor"
  new RegExp(`\\b(?:hablar|comunicarme|comunicar|conversar|chatear|contactar(?:me)?)\\s+(?:con\\s+)?${PERSON}`),
  new RegExp(
    `\\b(?:pasame|paseme|pasenme|comunicame|comuniqueme|transfiereme|transfierame|conectame|conecteme|contactame|contacteme)\\s+(?:con\\s+)?${PERSON}`,
  ),
  new RegExp(`\\b(?:quiero|necesito|prefiero|quisiera|me puede atender|me atienda|me atienda|que me atienda)\\s+${PERSON}`),
  /\b(?:humano|persona real|atencion humana|un asesor|una asesora|con un agente|no (?:un |una )?(?:bot|robot|maquina))\b/,
];

/** A message that is nothing but a call for a person ("agent", "asesor por favor", "human!"). */
const BARE =
  /^(?:(?:an?|un|una)\s+)?(?:human|humano|person|persona|agent|agente|representative|representante|operator|operador|asesor|asesora|ejecutivo)(?:\s+(?:please|por favor|pls|plz|ya))?$/;

/** Whether the customer asks to talk to a person (always honoured). */
export function asksForPerson(text: string): boolean {
  const folded = fold(text)
    .replace(/[^\p{L}\p{N}\s']/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (BARE.test(folded)) return true;
  return EXPLICIT.some((pattern) => pattern.test(folded));
}

/** The first of the agent's handoff keywords the text holds as whole words. */
export function handoffKeywordIn(text: string, keywords: string[]): string | null {
  const stems = words(text).map(stem);
  for (const keyword of keywords) {
    // Stems, so "bullying" meets "bullied" and "queja" meets "quejas"; several words must be consecutive.
    const wanted = words(keyword).map(stem);
    if (wanted.length === 0) continue;
    for (let start = 0; start + wanted.length <= stems.length; start += 1) {
      if (wanted.every((word, offset) => sameStem(stems[start + offset]!, word))) return keyword;
    }
  }
  return null;
}

const QUESTION_START =
  /^(?:what|whats|when|where|how|which|who|why|do|does|did|is|are|can|could|would|will|should|may|any|que|cual|cuales|cuando|donde|como|cuanto|cuanta|cuantos|cuantas|quien|por que|tienen|tiene|hay|puedo|pueden|se puede|aceptan|hacen|venden|ofrecen|manejan|cuentan|estan|incluye|incluyen|dan|atienden|abren|cierran)\b/;
const ASKING =
  /\b(?:i (?:want|would like|d like|need) to know|tell me|let me know|info(?:rmation)? (?:about|on)|looking for|interested in|quisiera saber|quiero saber|me gustaria saber|necesito saber|informacion (?:sobre|de)|me interesa|busco|me pueden decir|me podrias decir|me puedes decir)\b/;

/** Whether the customer asks something (a question mark, a question word, or "I'd like to know..."). */
export function isQuestion(text: string): boolean {
  if (/[?¿]/.test(text)) return true;
  const folded = fold(text).replace(/^[^\p{L}]+/u, '');
  const clauses = folded.split(/[.,;!]\s*|\b(?:and|y|also|tambien|pero|but)\b\s*/);
  return clauses.some((clause) => QUESTION_START.test(clause.trim())) || ASKING.test(folded);
}

const GREETING =
  /^(?:hi|hello|hey|hola|buenas|buenos dias|buenas tardes|buenas noches|good morning|good afternoon|good evening|que tal)\b[\s!.,]*(?:there|again)?[\s!.,]*$/;
const THANKS =
  /^(?:(?:ok|okay|great|perfect|perfecto|genial|excelente|listo|vale|sounds good|got it|entendido|muy bien|super|cool|awesome|nice)[\s!.,]*)*(?:thanks?|thank you|thx|gracias|muchas gracias|mil gracias|ok|okay|great|perfect|perfecto|genial|listo|vale|bye|adios|chao|that s all|thats all|eso es todo|nada mas)?(?:\s+(?:so much|a lot|very much|for your help|por tu ayuda|por la ayuda|por todo))?[\s!.,]*$/;

export function isGreeting(text: string): boolean {
  return GREETING.test(fold(text).trim());
}

export function isThanks(text: string): boolean {
  const folded = fold(text).replace(/[’']/g, ' ').trim();
  return folded !== '' && THANKS.test(folded);
}
