export interface Idea {
  readonly id: string
  readonly userId: string
  readonly content: string
  readonly impact: number
  readonly ease: number
  readonly confidence: number
  readonly createdAt: Date
  readonly updatedAt: Date
}

export interface IdeaInput {
  readonly content: unknown
  readonly impact: unknown
  readonly ease: unknown
  readonly confidence: unknown
}

export const IDEAS_PER_PAGE = 10

/** The plain mean, not rounded (the Idea Pool reference shows 6.333333333333333). */
export function averageScore(idea: Idea): number {
  return (idea.impact + idea.ease + idea.confidence) / 3
}
