// 公开信件 editor: shows the server's findings, applies the redacted draft, publishes.
import { describe, it, expect, vi } from 'vitest'
import { ApiError } from '../src/api/client.js'
import { mountWith, flushPromises } from './helpers.js'

vi.mock('../src/api/index.js', () => ({
  letters: { editor: vi.fn(), publish: vi.fn(), unpublish: vi.fn() },
}))
const api = await import('../src/api/index.js')
const { default: LetterDialog } = await import('../src/components/LetterDialog.vue')

describe('LetterDialog', () => {
  it('refused text shows the findings; the draft is applied and then published', async () => {
    api.letters.editor.mockResolvedValue({ letter: null, draft: { title: '路灯不亮', question: '路灯坏了。', reply: '已修复。' }, can_publish: true, refusal: '' })
    const refusal = new ApiError(422, 'personal_data', 'personal data', {
      field: 'question',
      findings: [{ field: 'question', kind: 'phone', text: '13912345678', offset: 0, length: 11 }],
      draft: { title: '路灯不亮', question: '电话***，路灯坏了。', reply: '已修复。' },
    })
    api.letters.publish.mockRejectedValueOnce(refusal).mockResolvedValueOnce({ id: '5', published: true })
    const { wrapper } = await mountWith(LetterDialog, { props: { modelValue: false, caseId: '42' } })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect(api.letters.editor).toHaveBeenCalledWith('42')
    const publish = () => document.querySelector('[data-test="letter-publish"]').click()
    publish()
    await flushPromises()
    const findings = document.querySelector('[data-test="letter-findings"]')
    expect(findings.textContent).toContain('13912345678')
    expect(findings.textContent).toContain('电话号码')
    document.querySelector('[data-test="letter-use-draft"]').click()
    await flushPromises()
    publish()
    await flushPromises()
    expect(api.letters.publish).toHaveBeenLastCalledWith('42', { title: '路灯不亮', question: '电话***，路灯坏了。', reply: '已修复。' })
    expect(wrapper.emitted('done')).toBeTruthy()
    wrapper.unmount()
  })
  it('a case that cannot be published says why and offers no publish', async () => {
    api.letters.editor.mockResolvedValue({ letter: null, draft: { title: '', question: '', reply: '' }, can_publish: false, refusal: 'only a closed case can be published' })
    const { wrapper } = await mountWith(LetterDialog, { props: { modelValue: false, caseId: '43' } })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect(document.body.textContent).toContain('only a closed case can be published')
    expect(document.querySelector('[data-test="letter-publish"]').disabled).toBe(true)
    wrapper.unmount()
  })
})
