// Show an API error to the user in plain words.
import { ElMessage } from 'element-plus'
import { useI18n } from 'vue-i18n'
import { errorText } from '../api/client.js'

export function useApiError() {
  const { t } = useI18n()
  const text = (err) => errorText(err, t)
  const show = (err) => {
    if (err && err.name === 'AbortError') return
    ElMessage({ type: 'error', message: text(err), duration: 6000, showClose: true, grouping: true })
  }
  return { text, show }
}
