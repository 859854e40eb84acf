export { buildProfile, type Profile, type ProfileIdentifier, type ProfileTrait, type Provenance } from './build-profile.js'
