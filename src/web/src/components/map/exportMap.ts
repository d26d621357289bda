// The map as a self-contained image: the drawn SVG with its title, legend and sources, so a
// downloaded picture still says what it shows and where the figures come from.

const SVG_NS = 'http://www.w3.org/2000/svg';
const MARGIN = 16;
const TITLE_SIZE = 18;
const TEXT_SIZE = 13;
const NOTE_SIZE = 11;
const SWATCH = 14;

export interface LegendEntry {
  /** A colour, or a paint reference such as the no-data hatch. */
  fill: string;
  label: string;
}

export interface MapImageOptions {
  title: string;
  legend: LegendEntry[];
  /** Source and licence lines, printed small under the legend. */
  notes: string[];
  direction: 'ltr' | 'rtl';
}

// Styles the page gives the map through CSS, written into the file so it draws the same anywhere.
const MAP_STYLE = `
.districts path { stroke: #ffffff; stroke-width: 0.5px; stroke-linejoin: round; }
.provinces path { fill: none; stroke: #30363b; stroke-width: 1.4px; stroke-linejoin: round; }
`;

function element<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG_NS, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  return node;
}

/** Measures text in the page's font, to lay out legend items and wrap long lines. */
function measurer(fontFamily: string): (text: string, size: number, weight?: number) => number {
  const context = document.createElement('canvas').getContext('2d');
  return (text, size, weight = 400) => {
    if (!context) return text.length * size * 0.55;
    context.font = `${weight} ${size}px ${fontFamily}`;
    return context.measureText(text).width;
  };
}

function wrap(text: string, width: number, measure: (text: string) => number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && measure(candidate) > width) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** Serialises the drawn map (an SVG element of the page) with its title, legend and notes. */
export function mapImageSvg(map: SVGSVGElement, options: MapImageOptions): { text: string; width: number; height: number } {
  const [, , mapWidth = 800, mapHeight = 600] = (map.getAttribute('viewBox') ?? '').split(/\s+/).map(Number);
  const width = mapWidth + 2 * MARGIN;
  const inner = width - 2 * MARGIN;
  const rtl = options.direction === 'rtl';
  const fontFamily = getComputedStyle(document.documentElement).fontFamily || 'sans-serif';
  const measure = measurer(fontFamily);

  const root = element('svg', { width, xmlns: SVG_NS, direction: options.direction, 'font-family': fontFamily });
  const style = element('style', {});
  style.textContent = MAP_STYLE;
  root.append(style);
  const background = element('rect', { x: 0, y: 0, width, fill: '#ffffff' });
  root.append(background);

  // A line of text whose start is at `start` pixels from the reading edge.
  const text = (content: string, start: number, baseline: number, size: number, attributes: Record<string, string | number> = {}) => {
    const node = element('text', {
      x: rtl ? width - MARGIN - start : MARGIN + start,
      y: baseline,
      'font-size': size,
      'text-anchor': 'start',
      fill: '#1d2327',
      ...attributes,
    });
    node.textContent = content;
    root.append(node);
  };

  let y = MARGIN;
  for (const line of wrap(options.title, inner, (s) => measure(s, TITLE_SIZE, 700))) {
    y += TITLE_SIZE * 1.3;
    text(line, 0, y, TITLE_SIZE, { 'font-weight': 700 });
  }
  y += 8;

  const copy = map.cloneNode(true) as SVGSVGElement;
  for (const node of copy.querySelectorAll('.highlights')) node.remove();
  for (const node of [copy, ...copy.querySelectorAll('*')]) {
    for (const name of ['tabindex', 'role', 'aria-label', 'aria-describedby', 'aria-hidden', 'style']) node.removeAttribute(name);
  }
  copy.setAttribute('x', String(MARGIN));
  copy.setAttribute('y', String(y));
  copy.setAttribute('width', String(mapWidth));
  copy.setAttribute('height', String(mapHeight));
  root.append(copy);
  y += mapHeight + 12;

  // Legend items flow in rows from the reading edge.
  let start = 0;
  let rowTop = y;
  for (const entry of options.legend) {
    const labelWidth = measure(entry.label, TEXT_SIZE);
    const itemWidth = SWATCH + 6 + labelWidth;
    if (start > 0 && start + itemWidth > inner) {
      start = 0;
      rowTop += SWATCH + 10;
    }
    const swatchX = rtl ? width - MARGIN - start - SWATCH : MARGIN + start;
    root.append(element('rect', { x: swatchX, y: rowTop, width: SWATCH, height: SWATCH, fill: entry.fill, stroke: '#00000040' }));
    text(entry.label, start + SWATCH + 6, rowTop + SWATCH - 2, TEXT_SIZE);
    start += itemWidth + 18;
  }
  y = options.legend.length > 0 ? rowTop + SWATCH + 14 : y;

  for (const note of options.notes) {
    for (const line of wrap(note, inner, (s) => measure(s, NOTE_SIZE))) {
      y += NOTE_SIZE * 1.45;
      text(line, 0, y, NOTE_SIZE, { fill: '#59636b' });
    }
  }
  const height = Math.ceil(y + MARGIN);
  root.setAttribute('height', String(height));
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  background.setAttribute('height', String(height));

  const xml = new XMLSerializer().serializeToString(root);
  return { text: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`, width, height };
}

/** Draws an SVG image onto a canvas at `scale` times its size and encodes it as PNG. */
export async function svgToPng(svg: { text: string; width: number; height: number }, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svg.text], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(svg.width * scale);
    canvas.height = Math.round(svg.height * scale);
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no 2D canvas');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('the PNG could not be encoded'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
