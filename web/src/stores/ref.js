// Reference data every screen needs (units, categories), loaded once per session and shared.
import { defineStore } from 'pinia'
import { ref as api } from '../api/index.js'
import { buildTree, pathOf, subtreeIds } from '../utils/tree.js'
import { localName } from '../i18n/index.js'

export const useRefStore = defineStore('ref', {
  state: () => ({ units: [], categories: [], loaded: { units: false, categories: false }, error: null }),
  getters: {
    unitById: (s) => new Map(s.units.map((u) => [String(u.id), u])),
    categoryById: (s) => new Map(s.categories.map((c) => [String(c.id), c])),
    unitTree: (s) => buildTree(s.units),
    categoryTree: (s) => buildTree(s.categories),
    districts: (s) => s.units.filter((u) => u.kind === 'district'),
  },
  actions: {
    async loadUnits(force = false) {
      if (this.loaded.units && !force) return this.units
      const res = await api.units()
      this.units = (res && res.items) || []
      this.loaded.units = true
      return this.units
    },
    async loadCategories(force = false) {
      if (this.loaded.categories && !force) return this.categories
      const res = await api.categories()
      this.categories = (res && res.items) || []
      this.loaded.categories = true
      return this.categories
    },
    async loadAll(force = false) {
      await Promise.all([this.loadUnits(force), this.loadCategories(force)])
    },
    unitName(id) {
      if (id == null || id === '') return ''
      const u = this.unitById.get(String(id))
      return u ? localName(u) : String(id)
    },
    categoryName(id) {
      const c = id == null ? null : this.categoryById.get(String(id))
      return c ? localName(c) : (id == null ? '' : String(id))
    },
    categoryPath(id) {
      return pathOf(this.categories, id).map((c) => localName(c)).join(' / ')
    },
    unitSubtree(id) { return subtreeIds(this.units, id) },
  },
})
