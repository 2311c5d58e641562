// Plain words for an error from the public API.
export function publicErrorText(err, t) {
  if (!err) return ''
  const code = err.code || 'unknown'
  if (code === 'rate_limited') return err.retryAfter ? t('errors.rate_limited', { s: err.retryAfter }) : t('errors.rate_limited_plain')
  const key = `errors.${code}`
  const text = t(key)
  return text === key ? t('errors.unknown') : text
}
