// KPI helpers shared by the dashboard, assessment and report screens (docs/kpis.md).
import { API_BASE, buildQuery } from '../api/client.js'

// Rate KPIs in display order; `lower` = lower is better (shown red when high).
export const KPI_KEYS = [
  { key: 'satisfaction_rate' }, { key: 'resolution_rate' }, { key: 'on_time_rate' }, { key: 'response_rate' },
  { key: 'sign_on_time_rate' }, { key: 'return_rate', lower: true }, { key: 'redo_rate', lower: true },
  { key: 'direct_answer_rate' }, { key: 'repeat_rate', lower: true }, { key: 'avg_handling_hours', hours: true },
]

// 0.9534 -> "95.3%"; null -> "—".
export function pct(v, digits = 1) {
  if (v == null || Number.isNaN(Number(v))) return '—'
  return `${(Number(v) * 100).toFixed(digits)}%`
}

export function hours(v) {
  if (v == null || Number.isNaN(Number(v))) return '—'
  return Number(v) < 48 ? `${Number(v).toFixed(1)} h` : `${(Number(v) / 24).toFixed(1)} d`
}

export const kpiText = (k, v) => (k === 'avg_handling_hours' ? hours(v) : pct(v))

// A download link for an API list or table as an Excel workbook.
export function xlsxUrl(path, query = {}) {
  return `${API_BASE}${path}${buildQuery({ ...query, format: 'xlsx' })}`
}

// YYYY-MM-DD of a Date in city time (UTC+8), and shifted by n days.
export function cityDate(d = new Date(), shiftDays = 0) {
  const ms = d.getTime() + 8 * 3600 * 1000 + shiftDays * 86400 * 1000
  return new Date(ms).toISOString().slice(0, 10)
}
export const cityMonth = (d = new Date()) => cityDate(d).slice(0, 7)

// The trend periods: grouping and how far back.
export const TREND_SPANS = { day: 30, week: 26 * 7, month: 365 }
export function trendRange(group, today = cityDate()) {
  const back = (TREND_SPANS[group] || 30) - 1
  const d = new Date(`${today}T00:00:00Z`)
  d.setUTCDate(d.getUTCDate() - back)
  return { from: d.toISOString().slice(0, 10), to: today }
}

// Heat colour for a count against the table's maximum: white → red.
export function heatColor(n, max) {
  if (!n || !max) return 'transparent'
  const a = Math.min(1, 0.15 + 0.85 * (n / max))
  return `rgba(245, 108, 108, ${a.toFixed(2)})`
}

// Assessment config <-> form rows. Weights as [{kpi, weight}], tiers as [{name, min}] highest first.
export function configToForm(cfg) {
  const w = (cfg && cfg.weights) || {}
  return {
    weights: KPI_KEYS.filter((k) => !k.hours).map((k) => ({ kpi: k.key, weight: Number(w[k.key] || 0) })),
    tiers: ((cfg && cfg.tiers) || []).map((t) => ({ name: t.name, min: Number(t.min) })),
    min_cases: Number((cfg && cfg.min_cases) ?? 1),
  }
}

// The form as the API wants it, or an error key (i18n, kpi.err*) for what the admin must fix first.
export function formToConfig(form) {
  const weights = {}
  for (const r of form.weights) if (Number(r.weight) > 0) weights[r.kpi] = Number(r.weight)
  if (!Object.keys(weights).length) return { error: 'kpi.errNoWeight' }
  const tiers = form.tiers.map((t) => ({ name: String(t.name || '').trim(), min: Number(t.min) }))
  if (!tiers.length || tiers.some((t) => !t.name)) return { error: 'kpi.errTierName' }
  for (let i = 1; i < tiers.length; i++) if (!(tiers[i].min < tiers[i - 1].min)) return { error: 'kpi.errTierOrder' }
  if (tiers[tiers.length - 1].min !== 0) return { error: 'kpi.errTierFloor' }
  return { config: { weights, tiers, min_cases: Math.max(0, Math.round(Number(form.min_cases) || 0)) } }
}
