/** Splitting a knowledge document into passages: the units retrieval ranks and answers quote. */

export interface PassageDraft {
  heading: string | null;
  text: string;
}

/** A passage grows by whole paragraphs up to this many characters... */
const TARGET_CHARS = 500;
/** ...and never past this one (a longer paragraph is cut at sentence ends). */
const MAX_CHARS = 800;

/** Markdown marks removed, so passages read as plain sentences. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, (block) => block.replace(/```\w*/g, ''))
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\(([^)]*)\)/g, '$1 ($2)')
    .replace(/(\*\*|__)(.*?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\n]+)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/^\s*[-*+]\s+/gm, '- ')
    .replace(/^\s*\|?\s*:?-{3,}.*$/gm, '')
    .replace(/\|/g, ' ')
    .replace(/[ \t]+/g, ' ');
}

function sentences(paragraph: string): string[] {
  return (
    paragraph
      .match(/[^.!?\n]+(?:[.!?]+|$)/g)
      ?.map((sentence) => sentence.trim())
      .filter(Boolean) ?? [paragraph]
  );
}

/** Packs paragraphs into passages of ~TARGET..MAX characters. */
function pack(paragraphs: string[]): string[] {
  const pieces = paragraphs.flatMap((paragraph) => {
    if (paragraph.length <= MAX_CHARS) return [paragraph];
    const parts: string[] = [];
    let current = '';
    for (const sentence of sentences(paragraph)) {
      if (current && current.length + sentence.length + 1 > MAX_CHARS) {
        parts.push(current);
        current = '';
      }
      current = current ? `${current} ${sentence}` : sentence.slice(0, MAX_CHARS);
    }
    if (current) parts.push(current);
    return parts;
  });
  const passages: string[] = [];
  let current = '';
  for (const piece of pieces) {
    if (current && (current.length >= TARGET_CHARS || current.length + piece.length + 2 > MAX_CHARS)) {
      passages.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${piece}` : piece;
  }
  if (current) passages.push(current);
  return passages;
}

/**
 * Sections by markdown headings (markdown documents) and then by paragraphs; each passage
 * keeps its nearest heading, which retrieval weighs above the body.
 */
export function splitIntoPassages(format: 'text' | 'markdown', content: string): PassageDraft[] {
  const sections: { heading: string | null; lines: string[] }[] = [{ heading: null, lines: [] }];
  for (const line of content.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = format === 'markdown' ? /^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(line) : null;
    if (heading) sections.push({ heading: plainText(heading[1]!).trim(), lines: [] });
    else sections.at(-1)!.lines.push(line);
  }
  const drafts: PassageDraft[] = [];
  for (const section of sections) {
    const body = section.lines.join('\n');
    const text = format === 'markdown' ? plainText(body) : body;
    const paragraphs = text
      .split(/\n\s*\n/)
      .map((paragraph) => paragraph.replace(/[ \t]+/g, ' ').trim())
      .filter(Boolean);
    if (paragraphs.length === 0) continue;
    for (const passage of pack(paragraphs)) drafts.push({ heading: section.heading, text: passage });
  }
  return drafts;
}
