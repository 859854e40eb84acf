import { createMemoryStore } from '../../src/index.js'
import { storeContract } from './contract.js'

storeContract('memory', async () => createMemoryStore())
