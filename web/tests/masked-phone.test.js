import { describe, it, expect } from 'vitest'
import { isMasked, maskName, maskPhone, normalizePhone } from '../src/utils/mask.js'
import MaskedPhone from '../src/components/MaskedPhone.vue'
import { mountWith } from './helpers.js'

describe('maskPhone', () => {
  it('masks mobile numbers as 138****5678', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone(' 13812345678 ')).toBe('138****5678')
  })
  it('masks landlines after the area code', () => {
    expect(maskPhone('010-12345678')).toBe('010-****5678')
    expect(maskPhone('0591-8765432')).toBe('0591-***5432')
    expect(maskPhone('+86 13812345678')).toBe('+86 *******5678')
  })
  it('masks short numbers and leaves masked ones alone', () => {
    expect(maskPhone('5551234')).toBe('555****')
    expect(maskPhone('138****5678')).toBe('138****5678')
    expect(maskPhone('')).toBe('')
    expect(maskPhone(null)).toBe('')
    expect(maskPhone('12345')).toBe('1***5')
  })
  it('masks names as 张* and knows a masked value', () => {
    expect(maskName('张三')).toBe('张*')
    expect(maskName('欧阳娜娜')).toBe('欧***')
    expect(maskName('John Smith')).toBe('J*** S****')
    expect(isMasked('张*')).toBe(true)
    expect(isMasked('张三')).toBe(false)
  })
  it('normalises a typed number for the caller lookup', () => {
    expect(normalizePhone('138 1234-5678')).toBe('13812345678')
    expect(normalizePhone('+8613812345678')).toBe('+8613812345678')
    expect(normalizePhone('1381')).toBe('')
    expect(normalizePhone('abc')).toBe('')
  })
})

describe('MaskedPhone', () => {
  it('shows the number masked, and reveals it to those who must call back', async () => {
    const { wrapper } = await mountWith(MaskedPhone, { props: { phone: '13812345678', canReveal: true } })
    expect(wrapper.find('[data-test="phone"]').text()).toBe('138****5678')
    await wrapper.find('[data-test="reveal"]').trigger('click')
    expect(wrapper.find('[data-test="phone"]').text()).toBe('13812345678')
    expect(wrapper.find('[data-test="reveal"]').text()).toBe('隐藏')
    await wrapper.find('[data-test="reveal"]').trigger('click')
    expect(wrapper.find('[data-test="phone"]').text()).toBe('138****5678')
  })
  it('offers no reveal without the right, nor for a number the server masked', async () => {
    const a = (await mountWith(MaskedPhone, { props: { phone: '13812345678' } })).wrapper
    expect(a.find('[data-test="reveal"]').exists()).toBe(false)
    const b = (await mountWith(MaskedPhone, { props: { phone: '138****5678', canReveal: true } })).wrapper
    expect(b.find('[data-test="reveal"]').exists()).toBe(false)
    expect(b.text()).toBe('138****5678')
  })
  it('says 保密 / Confidential when a confidential case hides the caller', async () => {
    expect((await mountWith(MaskedPhone, { props: { phone: '', confidential: true } })).wrapper.text()).toBe('保密')
    expect((await mountWith(MaskedPhone, { props: { phone: '', confidential: true }, locale: 'en' })).wrapper.text()).toBe('Confidential')
    expect((await mountWith(MaskedPhone, { props: { phone: '' } })).wrapper.text()).toBe('—')
  })
})
