// A horizontal bar chart of req/s per operation, log scale (the operations span 10 to 30,000 req/s).
const colours: Record<string, string> = {
  latchkey: '#2f6fdb',
  bare: '#8a8a8a',
  'better-auth': '#d9822b',
  'better-auth (cookie cache)': '#e7b37a',
  'raw node:http': '#bbbbbb',
}

const escapeXml = (text: string) => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`)

export function renderChart(rows: { target: string; operation: string; rps: number }[]): string {
  const barHeight = 22
  const labelWidth = 430
  const plotWidth = 420
  const top = 30
  const max = Math.max(...rows.map((row) => row.rps), 10)
  const scale = (rps: number) => (Math.log10(Math.max(rps, 1)) / Math.log10(max)) * plotWidth
  const height = top + rows.length * barHeight + 20
  const bars = rows.map((row, index) => {
    const y = top + index * barHeight
    const width = Math.max(scale(row.rps), 1)
    return [
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escapeXml(`${row.target}: ${row.operation}`)}</text>`,
      `<rect x="${labelWidth}" y="${y + 3}" width="${width.toFixed(1)}" height="${barHeight - 6}" fill="${colours[row.target] ?? '#444'}"/>`,
      `<text x="${(labelWidth + width + 6).toFixed(1)}" y="${y + 15}">${row.rps}</text>`,
    ].join('')
  })
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + plotWidth + 80}" height="${height}" font-family="sans-serif" font-size="12">`,
    '<title>Requests per second per operation: Latchkey, the bare route and Better Auth</title>',
    `<text x="10" y="18" font-weight="bold">Requests per second (log scale), one server core</text>`,
    ...bars,
    '</svg>',
    '',
  ].join('\n')
}
