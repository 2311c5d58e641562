// List parameters as the URL keeps them -> as the API wants them.
import { cases } from './index.js'
import { dayBound } from '../utils/time.js'

export function toApiQuery(params) {
  const p = { ...params }
  if (p.from) p.from = dayBound(p.from, false)
  if (p.to) p.to = dayBound(p.to, true)
  return p
}

export const listCases = (params) => cases.list(toApiQuery(params))
