export { buildTimeline, type TimelineEntry } from './build-timeline.js'
export { buildConversations, type Conversation } from './conversations.js'
