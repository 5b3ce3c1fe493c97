// What the server reports as simulated or a stand-in is labelled on the page, exactly as /api/health says it.
import { t } from './i18n.js';

export async function showBanner(api, element) {
  let health;
  try { health = await api.health(); } catch { return null; }
  const parts = [];
  if (health.detector?.simulation) parts.push(t('simulationBanner'));
  if (health.localMode) parts.push(t('localMode'));
  if (health.standIns?.length) parts.push(`${t('standIns')}: ${health.standIns.join('; ')}`);
  for (const n of health.notices ?? []) parts.push(n);
  element.textContent = parts.join(' · ');
  element.hidden = parts.length === 0;
  return health;
}
