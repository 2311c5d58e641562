import { describe, it, expect } from 'vitest'
import { buildTree, nodeMatches, pathOf, searchTree, subtreeIds } from '../src/utils/tree.js'
import CategoryPicker from '../src/components/CategoryPicker.vue'
import { useRefStore } from '../src/stores/ref.js'
import { mountWith, flushPromises } from './helpers.js'

const CATS = [
  { id: '1', code: '01', name: '城乡建设', name_en: 'Urban construction', parent_id: null, keywords: [] },
  { id: '2', code: '0101', name: '噪音扰民', name_en: 'Noise', parent_id: '1', keywords: ['施工噪音', '夜间施工', '广场舞'] },
  { id: '3', code: '0102', name: '违章建筑', name_en: 'Illegal building', parent_id: '1', keywords: ['违建', '私搭乱建'] },
  { id: '4', code: '02', name: '社会保障', name_en: 'Social security', parent_id: null, keywords: ['社保'] },
  { id: '5', code: '0201', name: '养老保险', name_en: 'Pension', parent_id: '4', keywords: ['退休金', '养老金'] },
  { id: '6', code: '020101', name: '养老金发放', name_en: 'Pension payment', parent_id: '5', keywords: ['停发', '补发'] },
]

describe('category tree', () => {
  it('builds the tree from the flat list, sorted by code', () => {
    const tree = buildTree([...CATS].reverse())
    expect(tree.map((n) => n.name)).toEqual(['城乡建设', '社会保障'])
    expect(tree[0].children.map((n) => n.code)).toEqual(['0101', '0102'])
    expect(tree[1].children[0].children[0].name).toBe('养老金发放')
    expect(tree[0].children[0].children).toBeUndefined() // leaves have no children array
  })
  it('keeps orphans as roots instead of losing them', () => {
    expect(buildTree([{ id: 'x', name: '孤儿', parent_id: 'missing' }]).map((n) => n.id)).toEqual(['x'])
  })
  it('finds a category by keyword, name, English name or code', () => {
    expect(nodeMatches(CATS[1], '夜间')).toBe(true)
    expect(nodeMatches(CATS[1], 'noise')).toBe(true)
    expect(nodeMatches(CATS[1], '0101')).toBe(true)
    expect(nodeMatches(CATS[1], '社保')).toBe(false)
    expect(nodeMatches(CATS[5], '养老 补发')).toBe(true) // every word must match
    expect(nodeMatches(CATS[5], '养老 违建')).toBe(false)
  })
  it('a search keeps the ancestors of every match, and the whole subtree of a matching node', () => {
    const tree = buildTree(CATS)
    const r = searchTree(tree, '补发')
    expect(r.map((n) => n.name)).toEqual(['社会保障'])
    expect(r[0].children[0].name).toBe('养老保险')
    expect(r[0].children[0].children.map((n) => n.name)).toEqual(['养老金发放'])
    const r2 = searchTree(tree, '违建')
    expect(r2[0].children.map((n) => n.name)).toEqual(['违章建筑'])
    expect(searchTree(tree, '社保')[0].children.length).toBe(1) // the match keeps its subtree
    expect(searchTree(tree, '没有这个')).toEqual([])
    expect(searchTree(tree, '  ')).toBe(tree)
  })
  it('gives the path of a category and the subtree of a unit', () => {
    expect(pathOf(CATS, '6').map((c) => c.name)).toEqual(['社会保障', '养老保险', '养老金发放'])
    expect([...subtreeIds(CATS, '4')].sort()).toEqual(['4', '5', '6'])
    expect(subtreeIds(CATS, null).size).toBe(0)
  })
})

describe('CategoryPicker', () => {
  it('filters the tree by keyword as the agent types', async () => {
    const { wrapper } = await mountWith(CategoryPicker, {
      props: { modelValue: null, id: 'cat' },
      setup: () => { useRefStore().categories = CATS },
    })
    expect(wrapper.vm.filter('广场舞', CATS[1])).toBe(true)
    expect(wrapper.vm.filter('广场舞', CATS[2])).toBe(false)
    const input = wrapper.find('input')
    expect(input.attributes('id')).toBe('cat')
    expect(wrapper.find('[aria-label="分类"]').exists() || input.attributes('aria-label') === '分类').toBe(true)
    wrapper.unmount()
  })
  it('shows the chosen category by name and emits the id', async () => {
    const { wrapper } = await mountWith(CategoryPicker, {
      props: { modelValue: '6', 'onUpdate:modelValue': () => {} },
      setup: () => { useRefStore().categories = CATS },
    })
    await flushPromises()
    expect(wrapper.text()).toContain('养老金发放')
    wrapper.unmount()
  })
})
