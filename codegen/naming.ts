// One place for C++ identifiers: class, setter, enumerator and path names,
// with escaping of C++ keywords and of the Arduino core's function-like macros
// (min, max, degrees, ...), which would otherwise swallow a call like `.min(0)`.

const CPP_KEYWORDS = new Set(
  (
    'alignas alignof and and_eq asm auto bitand bitor bool break case catch char char16_t char32_t class compl ' +
    'const constexpr const_cast continue decltype default delete do double dynamic_cast else enum explicit export ' +
    'extern false float for friend goto if inline int long mutable namespace new noexcept not not_eq nullptr ' +
    'operator or or_eq private protected public register reinterpret_cast return short signed sizeof static ' +
    'static_assert static_cast struct switch template this thread_local throw true try typedef typeid typename ' +
    'union unsigned using virtual void volatile wchar_t while xor xor_eq'
  ).split(' '),
);

// Macros defined by Arduino.h (AVR core and most others) and common system
// headers: an identifier with these names breaks as soon as the sketch
// includes Arduino.h.
const ARDUINO_MACROS = new Set(
  'min max abs constrain round radians degrees sq bit lowByte highByte word interrupts noInterrupts'.split(' '),
);

/** True when `id` cannot be used as-is as a C++ identifier in an Arduino sketch. */
export function isReserved(id: string): boolean {
  return CPP_KEYWORDS.has(id) || ARDUINO_MACROS.has(id);
}

/** Escapes a would-be identifier by appending `_` when it is reserved. */
export function escapeIdentifier(id: string): string {
  return isReserved(id) ? `${id}_` : id;
}

// The platform's type names are lower-case run-together words
// ("singlechoice", "qrcodescanner"). Split them greedily on known words so
// class names read naturally; unknown runs stay one word.
const WORDS = [
  'appointment', 'submission', 'location', 'scanner', 'channel', 'contact', 'picker', 'hidden', 'reader',
  'choice', 'single', 'switch', 'slider', 'bucket', 'button', 'tunnel', 'textbox', 'label', 'gauge', 'photo',
  'color', 'event', 'value', 'multi', 'file', 'form', 'html', 'text', 'list', 'date', 'time', 'call', 'code',
  'view', 'web', 'nfc', 'qr',
].sort((a, b) => b.length - a.length);

/** "qrcodescanner" -> ["qr", "code", "scanner"]. */
export function splitWords(name: string): string[] {
  // camelCase / snake / kebab first.
  const parts = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean);
  const out: string[] = [];
  for (const part of parts) {
    if (part !== part.toLowerCase()) {
      out.push(part.toLowerCase());
      continue;
    }
    let rest = part;
    const words: string[] = [];
    while (rest.length) {
      const w = WORDS.find((x) => rest.startsWith(x));
      if (!w) {
        words.length = 0;
        break;
      }
      words.push(w);
      rest = rest.slice(w.length);
    }
    if (words.length && !rest.length) out.push(...words);
    else out.push(part);
  }
  return out;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** PascalCase type name: "buttonlist" -> "ButtonList", "gaugeSegment" -> "GaugeSegment". */
export function typeName(name: string): string {
  const id = splitWords(name).map(cap).join('');
  return /^[0-9]/.test(id) ? `T${id}` : id;
}

/** Setter for a JSON property: "fontSize" -> "setFontSize", "min" -> "setMin". */
export function setterName(jsonName: string): string {
  return `set${typeName(jsonName)}`;
}

/** Member field for a JSON property: "from" -> "from_". Always suffixed, so never reserved. */
export function memberName(jsonName: string): string {
  return `${lowerFirst(typeName(jsonName))}_`;
}

/** Constructor / function parameter name for a JSON property. */
export function paramName(jsonName: string): string {
  const id = lowerFirst(typeName(jsonName));
  return isReserved(id) ? `${id}Value` : id;
}

/** A C++ identifier fragment for a JSON name (flash-string members etc.). */
export function fragment(jsonName: string): string {
  return jsonName.replace(/[^A-Za-z0-9]/g, '_');
}

/**
 * Enumerator for an enum string value: "needle" -> "Needle", "1:2" -> "V1x2",
 * "groupchat" -> "Groupchat", "Owner" -> "Owner", "" -> "Empty".
 */
export function enumeratorName(value: string): string {
  if (value === '') return 'Empty';
  const id = value
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(cap)
    .join('x');
  return /^[0-9]/.test(id) ? `V${id}` : escapeIdentifier(id);
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

/** C++ string literal for an ASCII/UTF-8 string (escapes quotes, backslashes, control bytes). */
export function cppString(s: string): string {
  let out = '"';
  for (const b of Buffer.from(s, 'utf8')) {
    if (b === 0x22) out += '\\"';
    else if (b === 0x5c) out += '\\\\';
    else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
    else out += `\\${b.toString(8).padStart(3, '0')}`;
  }
  return out + '"';
}

/** Makes a comment-safe single line (no comment terminator, no newlines). */
export function commentText(s: string): string {
  return s.replace(/\*\//g, '* /').replace(/\s+/g, ' ').trim();
}
