// The `sentiment` package (AFINN-165, MIT) ships no typings; this is the part throughline uses.
declare module 'sentiment' {
  interface AnalysisResult {
    score: number
    comparative: number
    positive: string[]
    negative: string[]
  }
  class Sentiment {
    analyze(text: string, options?: { extras?: Record<string, number> }): AnalysisResult
  }
  export default Sentiment
}
