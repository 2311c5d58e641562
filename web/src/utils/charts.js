import { cityDatePlus } from './time.js'

// ECharts options for the leader dashboard, from the API's {items:[{key,label,count}]}.
const PALETTE = ['#409eff', '#67c23a', '#e6a23c', '#f56c6c', '#909399', '#9b59b6', '#1abc9c', '#34495e', '#d35400', '#2ecc71']

export function pieOption(items, { donut = true, colors = PALETTE } = {}) {
  return {
    color: colors,
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { type: 'scroll', orient: 'vertical', right: 0, top: 'middle', textStyle: { fontSize: 12 } },
    series: [{
      type: 'pie',
      radius: donut ? ['42%', '72%'] : '72%',
      center: ['38%', '52%'],
      avoidLabelOverlap: true,
      label: { show: true, position: 'inside', formatter: (p) => (p.percent >= 4 ? String(p.value) : ''), fontSize: 11, color: '#fff' },
      labelLine: { show: false },
      data: items.map((i) => ({ name: i.name, value: i.count, ...(i.color ? { itemStyle: { color: i.color } } : {}) })),
    }],
  }
}

export function barOption(items, { horizontal = false, color = '#409eff', top = 10 } = {}) {
  const list = [...items].sort((a, b) => b.count - a.count).slice(0, top)
  if (horizontal) list.reverse()
  const cat = { type: 'category', data: list.map((i) => i.name), axisLabel: { fontSize: 11, interval: 0, width: horizontal ? 90 : 64, overflow: 'truncate' } }
  const val = { type: 'value', minInterval: 1, axisLabel: { fontSize: 11 } }
  return {
    color: [color],
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: horizontal ? 100 : 36, right: 24, top: 12, bottom: horizontal ? 20 : 36 },
    xAxis: horizontal ? val : cat,
    yAxis: horizontal ? cat : val,
    series: [{ type: 'bar', data: list.map((i) => i.count), barMaxWidth: 26, label: { show: true, position: horizontal ? 'right' : 'top', fontSize: 11 } }],
  }
}

export function lineOption(days, seriesName) {
  return {
    color: ['#409eff'],
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 16, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: days.map((d) => d.key.slice(5)), boundaryGap: false, axisLabel: { fontSize: 11 } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 11 } },
    series: [{ name: seriesName, type: 'line', smooth: false, data: days.map((d) => d.count), areaStyle: { opacity: 0.15 }, symbolSize: 5 }],
  }
}

// Fill the gaps of a by=day series so the trend shows every day (missing days are 0).
export function fillDays(items, from, days) {
  const byKey = new Map((items || []).map((i) => [i.key, i.count]))
  const out = []
  for (let i = 0; i < days; i++) {
    const key = cityDatePlus(from, i)
    out.push({ key, count: byKey.get(key) || 0 })
  }
  return out
}
