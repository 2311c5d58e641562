// The public site's knowledge helpers: the console's safe Markdown renderer (markdown-it, html:false,
// safe links only) and a plain-text excerpt of an article for the list.
import { plainText, renderMarkdown } from '../utils/knowledge.js'

export { renderMarkdown }

// The list's excerpt: the server's snippet (the start of the Markdown body, or the matching fragment of a
// search) without Markdown markup, on one line, at most `max` characters.
export function excerpt(snippet, max = 80) {
  // A search fragment may cut a **bold** or `code` span in half: drop the stray markers too.
  const text = plainText(snippet)
    .replace(/^\s*(?:[-*+]|\d+[.)])\s+/gm, '')
    .replace(/\*\*|__|`|^#+\s*/gm, '')
    .replace(/\s+/g, ' ')
    .trim()
  const chars = Array.from(text)
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : text
}
