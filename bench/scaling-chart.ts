// Two small line charts side by side: req/s by worker count for GET /me and for password login,
// each with the ideal (the one-worker figure times the worker count) dashed.

interface Point {
  readonly workers: number
  readonly meRps: number
  readonly loginRps: number
}

function panel(points: Point[], key: 'meRps' | 'loginRps', title: string, left: number): string {
  const width = 320
  const height = 200
  const top = 40
  const first = points[0]?.[key] ?? 1
  const maxWorkers = Math.max(...points.map((point) => point.workers))
  const max = Math.max(...points.map((point) => point[key]), first * maxWorkers) * 1.1
  const x = (workers: number) => left + 40 + ((workers - 1) / Math.max(1, maxWorkers - 1)) * (width - 60)
  const y = (rps: number) => top + height - (rps / max) * height
  const line = points.map((point) => `${x(point.workers).toFixed(1)},${y(point[key]).toFixed(1)}`).join(' ')
  const ideal = points
    .map((point) => `${x(point.workers).toFixed(1)},${y(first * point.workers).toFixed(1)}`)
    .join(' ')
  const labels = points.map(
    (point) =>
      `<text x="${x(point.workers).toFixed(1)}" y="${(y(point[key]) - 6).toFixed(1)}" text-anchor="middle">${point[key]}</text>` +
      `<text x="${x(point.workers).toFixed(1)}" y="${top + height + 16}" text-anchor="middle">${point.workers}</text>`,
  )
  return [
    `<text x="${left + 40}" y="${top - 12}" font-weight="bold">${title}</text>`,
    `<line x1="${left + 40}" y1="${top + height}" x2="${left + width - 20}" y2="${top + height}" stroke="#999"/>`,
    `<polyline points="${ideal}" fill="none" stroke="#aaa" stroke-dasharray="4 3"/>`,
    `<polyline points="${line}" fill="none" stroke="#2f6fdb" stroke-width="2"/>`,
    ...labels,
    `<text x="${left + 40 + (width - 60) / 2}" y="${top + height + 32}" text-anchor="middle">workers</text>`,
  ].join('\n')
}

export function renderScalingChart(points: Point[]): string {
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" width="680" height="290" font-family="sans-serif" font-size="12">',
    '<title>Latchkey req/s by node:cluster worker count: GET /me and password login</title>',
    '<rect width="680" height="290" fill="#fff"/>',
    panel(points, 'meRps', 'GET /me, req/s', 0),
    panel(points, 'loginRps', 'Password login, req/s', 340),
    '<text x="40" y="284" fill="#666">Dashed: the one-worker figure times the worker count.</text>',
    '</svg>',
    '',
  ].join('\n')
}
