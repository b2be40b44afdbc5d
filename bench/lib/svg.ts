/** A small horizontal bar chart as SVG (no dependencies), for the benchmark report. */
export interface Bar {
  label: string;
  value: number;
  /** Text after the bar, e.g. "1.25 µs". */
  note: string;
  group?: string;
}

const escapeXml = (text: string) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function barChart(title: string, bars: Bar[], options: { log?: boolean } = {}): string {
  const labelWidth = 330;
  const barWidth = 360;
  const row = 22;
  const top = 40;
  const height = top + bars.length * row + 20;
  const scale = (v: number) => (options.log ? Math.log10(Math.max(v, 1e-3) / min) / Math.log10(max / min) : v / max);
  const values = bars.map((b) => b.value).filter((v) => v > 0);
  const max = Math.max(...values) * (options.log ? 1.5 : 1);
  const min = Math.min(...values) / 2;
  const palette = ["#2550e4", "#f59e0b", "#10b981", "#ef4444", "#8b5cf6"];
  const groups = [...new Set(bars.map((b) => b.group ?? ""))];
  const rows = bars
    .map((b, i) => {
      const y = top + i * row;
      const w = Math.max(1, scale(b.value) * barWidth);
      const color = palette[groups.indexOf(b.group ?? "") % palette.length];
      return `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeXml(b.label)}</text><rect x="${labelWidth}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 7}" fill="${color}" rx="2"/><text x="${labelWidth + w + 6}" y="${y + 15}">${escapeXml(b.note)}</text>`;
    })
    .join("\n");
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 140}" height="${height}" font-family="system-ui, sans-serif" font-size="12" fill="#0f172a">
<text x="10" y="22" font-size="14" font-weight="600">${escapeXml(title)}${options.log ? " (log scale)" : ""}</text>
${rows}
</svg>
`;
}
