// The report page: the hot sections render with links to the cases, the hot-issue screen and the
// surge alert, and speak the reader's language.
import { describe, it, expect, vi } from 'vitest'
import { mountWith } from './helpers.js'

vi.mock('../src/api/index.js', () => ({ kpi: { report: vi.fn() } }))
const api = await import('../src/api/index.js')
const { default: ReportsView } = await import('../src/views/ReportsView.vue')

const REPORT = {
  kind: 'daily', period: '2026-11-28', title: '12345热线日报 2026-11-28', from: '2026-11-28', to: '2026-11-28',
  generated_at: '2026-11-29T07:00:00+08:00',
  sections: [
    {
      id: 'hot_issues', title: '热点问题', note: '本期 120 件工单与前 8 天的常态水平比较',
      columns: [
        { key: 'kind', label: '类型', type: 'text' }, { key: 'label', label: '热点', type: 'text' },
        { key: 'count', label: '件数', type: 'int' }, { key: 'expected', label: '常态水平', type: 'number' },
        { key: 'burst', label: '热度', type: 'number' }, { key: 'ratio', label: '倍数', type: 'number' },
        { key: 'cases', label: '工单示例', type: 'text' },
      ],
      rows: [['上升词', '停水', 34, 1.3, 21.6, 15.2, '2611280001、2611280002']],
      links: [{ hot_id: 't-e5819c', kind: 'term', cases: [{ id: '101', number: '2611280001' }, { id: '102', number: '2611280002' }] }],
    },
    {
      id: 'surges', title: '突发聚集', note: '本期发出的突发聚集预警',
      columns: [
        { key: 'raised_at', label: '发出时间', type: 'datetime' }, { key: 'label', label: '事项', type: 'text' },
        { key: 'street', label: '街道', type: 'text' }, { key: 'count', label: '件数', type: 'int' },
        { key: 'status', label: '状态', type: 'text' }, { key: 'escalation', label: '升级情况', type: 'text' },
        { key: 'cases', label: '工单示例', type: 'text' },
      ],
      rows: [['2026-11-28T10:05:00+08:00', '停水 · 马王堆街道', '马王堆街道', 34, '已上报领导', '已上报领导 2026-11-28 10:40', '2611280001']],
      links: [{ surge_id: '7', status: 'escalated', escalated_at: '2026-11-28 10:40', cases: [{ id: '101', number: '2611280001' }] }],
    },
    { id: 'hot_places', title: '诉求集中地点', note: '', columns: [{ key: 'place', label: '地点', type: 'text' }], rows: [] },
  ],
}

describe('ReportsView hot sections', () => {
  it('links the member cases, the hot issue and the surge', async () => {
    api.kpi.report.mockResolvedValue(REPORT)
    const { wrapper, router } = await mountWith(ReportsView, { path: '/reports?kind=daily&date=2026-11-28' })
    expect(api.kpi.report).toHaveBeenCalledWith('daily', '2026-11-28')
    const hot = wrapper.find('[data-section="hot_issues"]')
    expect(hot.find('h3').text()).toBe('热点问题')
    expect(hot.find('.note').text()).toBe('本期 120 件工单与前 8 天的常态水平比较')
    expect(hot.text()).toContain('上升词')
    expect(hot.find('td.hot').text()).toBe('21.6')
    const cases = hot.findAll('[data-test="report-case"]')
    expect(cases.map((a) => a.text())).toEqual(['2611280001', '2611280002'])
    expect(cases[0].attributes('href')).toBe('/cases/101')
    expect(hot.find('[data-test="report-hot_issues-link"]').attributes('href')).toBe('/hotspots')
    const surge = wrapper.find('[data-section="surges"]')
    expect(surge.find('[data-test="report-surges-link"]').attributes('href')).toBe('/hotspots?surge=7')
    expect(surge.find('td.escalated').text()).toBe('已上报领导 2026-11-28 10:40')
    expect(wrapper.find('[data-section="hot_places"]').text()).toContain('本期无数据')
    await surge.find('[data-test="report-surges-link"]').trigger('click')
    await new Promise((r) => setTimeout(r, 0))
    expect(router.currentRoute.value.query.surge).toBe('7')
    wrapper.unmount()
  })
  it('speaks English', async () => {
    api.kpi.report.mockResolvedValue(REPORT)
    const { wrapper } = await mountWith(ReportsView, { path: '/reports?kind=daily&date=2026-11-28', locale: 'en' })
    const hot = wrapper.find('[data-section="hot_issues"]')
    expect(hot.find('h3').text()).toBe('Hot issues')
    expect(hot.find('.note').text()).toMatch(/burst score of 3/)
    expect(hot.findAll('th').map((th) => th.text())).toContain('Burst')
    expect(hot.text()).toContain('Rising term')
    const surge = wrapper.find('[data-section="surges"]')
    expect(surge.text()).toContain('Escalated to leaders 2026-11-28 10:40')
    expect(surge.text()).toContain('Escalated')
    wrapper.unmount()
  })
})
