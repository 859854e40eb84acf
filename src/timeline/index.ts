export { buildTimeline, type TimelineEntry } from './build-timeline.js'
