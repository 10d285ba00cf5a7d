// A flame graph (SVG) from a V8 .cpuprofile, with no dependency: each frame a box as wide as its
// share of the samples, drawn top-down (callers above callees, an "icicle" graph, so that the wide
// frames come first however deep the stacks go), one colour per origin (ours, a package, Node).

interface ProfileNode {
  readonly id: number
  readonly callFrame: { functionName: string; url: string; lineNumber: number }
  readonly hitCount?: number
  readonly children?: number[]
}

export interface CpuProfile {
  readonly nodes: ProfileNode[]
}

interface Frame {
  readonly name: string
  readonly origin: 'latchkey' | 'package' | 'node' | 'other'
  readonly self: number
  total: number
  readonly children: Frame[]
}

const escapeXml = (text: string) => text.replace(/[&<>"]/g, (char) => `&#${char.charCodeAt(0)};`)

function describe(frame: ProfileNode['callFrame']): Pick<Frame, 'name' | 'origin'> {
  const fn = frame.functionName || '(anonymous)'
  const url = frame.url
  const packageMatch = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url)
  if (packageMatch)
    return { name: `${fn} ${packageMatch[1]}/${packageMatch[2]}:${frame.lineNumber + 1}`, origin: 'package' }
  const ours = /\/(src\/.*|bench\/.*)$/.exec(url)
  if (ours) return { name: `${fn} ${ours[1]}:${frame.lineNumber + 1}`, origin: 'latchkey' }
  if (url.startsWith('node:')) return { name: `${fn} ${url}`, origin: 'node' }
  return { name: fn, origin: 'other' }
}

function tree(profile: CpuProfile): Frame {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const build = (node: ProfileNode): Frame => {
    const children = (node.children ?? []).map((id) => byId.get(id)).filter((child) => child !== undefined)
    const frame: Frame = {
      ...describe(node.callFrame),
      self: node.hitCount ?? 0,
      total: 0,
      children: children.map(build),
    }
    frame.total = frame.self + frame.children.reduce((sum, child) => sum + child.total, 0)
    return frame
  }
  const root = profile.nodes[0]
  if (!root) throw new Error('empty profile')
  return build(root)
}

/** Self samples summed by function, largest first: what the flame graph's widest tops are. */
export function topSelf(profile: CpuProfile, count: number): { name: string; share: number }[] {
  const totals = new Map<string, number>()
  let all = 0
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0
    all += hits
    const { name } = describe(node.callFrame)
    totals.set(name, (totals.get(name) ?? 0) + hits)
  }
  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, hits]) => ({ name, share: all === 0 ? 0 : hits / all }))
}

/** Samples under each function (itself and its callees, recursion counted once), largest first. */
export function topInclusive(profile: CpuProfile, count: number): { name: string; share: number }[] {
  const root = tree(profile)
  const totals = new Map<string, number>()
  const walk = (frame: Frame, onStack: Set<string>) => {
    const fresh = !onStack.has(frame.name)
    if (fresh) {
      totals.set(frame.name, (totals.get(frame.name) ?? 0) + frame.total)
      onStack.add(frame.name)
    }
    for (const child of frame.children) walk(child, onStack)
    if (fresh) onStack.delete(frame.name)
  }
  walk(root, new Set())
  return [...totals]
    .filter(([name]) => !name.startsWith('(root)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, hits]) => ({ name, share: hits / root.total }))
}

const COLOURS: Record<Frame['origin'], [number, number]> = {
  latchkey: [210, 60], // blue
  package: [30, 80], // orange
  node: [120, 40], // green
  other: [0, 0], // grey
}

function colourOf(frame: Frame): string {
  const [hue, saturation] = COLOURS[frame.origin]
  // A stable lightness per name, so neighbouring boxes of the same origin stay apart.
  let hash = 0
  for (const char of frame.name) hash = (hash * 31 + char.charCodeAt(0)) >>> 0
  return `hsl(${hue},${saturation}%,${60 + (hash % 20)}%)`
}

// Deeper frames (module loading, long promise chains) are narrow and would only make the picture tall.
const MAX_DEPTH = 60

export function renderFlameGraph(profile: CpuProfile, title: string): string {
  const root = tree(profile)
  const width = 1200
  const rowHeight = 16
  const minWidth = 0.5
  let maxDepth = 0
  // Placed first, drawn after: the height (and so each row's y) is known only at the end.
  const placed: { frame: Frame; x: number; w: number; depth: number }[] = []
  const collect = (frame: Frame, x: number, depth: number) => {
    const w = (frame.total / root.total) * width
    if (w < minWidth || depth > MAX_DEPTH) return
    maxDepth = Math.max(maxDepth, depth)
    placed.push({ frame, x, w, depth })
    let childX = x
    for (const child of frame.children) {
      collect(child, childX, depth + 1)
      childX += (child.total / root.total) * width
    }
  }
  collect(root, 0, 0)
  const top = 40
  const height = top + (maxDepth + 1) * rowHeight + 10
  const rects = placed.map(({ frame, x, w, depth }) => {
    const y = top + depth * rowHeight
    const share = ((frame.total / root.total) * 100).toFixed(1)
    const label = w > 40 ? escapeXml(frame.name.slice(0, Math.floor(w / 6.5))) : ''
    return [
      `<g><title>${escapeXml(frame.name)} (${share}%)</title>`,
      `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${rowHeight - 1}" fill="${colourOf(frame)}"/>`,
      label ? `<text x="${(x + 3).toFixed(1)}" y="${y + 11}">${label}</text>` : '',
      '</g>',
    ].join('')
  })
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="monospace" font-size="10">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="6" y="16" font-size="13" font-family="sans-serif" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="6" y="32" font-family="sans-serif">Width: share of ${root.total} samples. Blue: Latchkey; orange: packages; green: Node. Hover a box for its name.</text>`,
    ...rects,
    '</svg>',
    '',
  ].join('\n')
}
