import { describe, expect, it } from 'vitest'
import { configToForm, formToConfig, heatColor, kpiText, pct, trendRange, xlsxUrl, cityDate } from '../src/utils/kpi.js'

describe('kpi helpers', () => {
  it('formats rates and hours', () => {
    expect(pct(0.9534)).toBe('95.3%')
    expect(pct(null)).toBe('—')
    expect(kpiText('avg_handling_hours', 12.345)).toBe('12.3 h')
    expect(kpiText('avg_handling_hours', 96)).toBe('4.0 d')
    expect(kpiText('satisfaction_rate', 1)).toBe('100.0%')
  })
  it('builds download links with the filters', () => {
    expect(xlsxUrl('/cases', { status: 'closed', q: '路灯', empty: '' })).toBe('/api/v1/cases?status=closed&q=%E8%B7%AF%E7%81%AF&format=xlsx')
    expect(xlsxUrl('/reports/daily', { date: '2026-11-27' })).toBe('/api/v1/reports/daily?date=2026-11-27&format=xlsx')
  })
  it('takes the date in city time', () => {
    expect(cityDate(new Date('2026-11-27T17:00:00Z'))).toBe('2026-11-28')
    expect(cityDate(new Date('2026-11-27T15:59:00Z'))).toBe('2026-11-27')
  })
  it('spans the trend by grouping', () => {
    expect(trendRange('day', '2026-11-28')).toEqual({ from: '2026-10-30', to: '2026-11-28' })
    expect(trendRange('month', '2026-11-28').from).toBe('2025-11-29')
  })
  it('colours the heat table', () => {
    expect(heatColor(0, 5)).toBe('transparent')
    expect(heatColor(5, 5)).toBe('rgba(245, 108, 108, 1.00)')
  })
  it('round-trips the assessment config and refuses bad tiers', () => {
    const form = configToForm({ weights: { satisfaction_rate: 60, on_time_rate: 40 }, tiers: [{ name: '优秀', min: 90 }, { name: '合格', min: 0 }], min_cases: 3 })
    expect(form.weights.find((w) => w.kpi === 'satisfaction_rate').weight).toBe(60)
    expect(formToConfig(form).config).toEqual({ weights: { satisfaction_rate: 60, on_time_rate: 40 }, tiers: [{ name: '优秀', min: 90 }, { name: '合格', min: 0 }], min_cases: 3 })
    expect(formToConfig({ ...form, tiers: [{ name: 'A', min: 50 }, { name: 'B', min: 60 }] }).error).toBe('kpi.errTierOrder')
    expect(formToConfig({ ...form, tiers: [{ name: 'A', min: 50 }] }).error).toBe('kpi.errTierFloor')
    expect(formToConfig({ ...form, weights: form.weights.map((w) => ({ ...w, weight: 0 })) }).error).toBe('kpi.errNoWeight')
  })
})
