// The visible local role switch (dispatcher / steward N), shown only when the API is in LocalMode; labelled local.
import { localRole, setLocalRole } from './session.js';
import { t } from './i18n.js';

export async function mountRoleSwitch(element, api, health, { defaultRole }) {
  if (!health?.localMode) { element.hidden = true; return; }
  let stewards = [];
  try {
    // The local dev principal as dispatcher lists the roster for the switch (LocalMode only).
    const res = await fetch('/api/stewards', { headers: { 'X-Yunbao-Local-Dev-Role': 'dispatcher' } });
    if (res.ok) stewards = (await res.json()).items;
  } catch { /* empty list */ }
  const current = localRole() ?? { role: defaultRole, stewardId: defaultRole === 'steward' ? stewards[0]?.id : null };
  const label = document.createElement('label');
  label.textContent = t('roleSwitch') + ' ';
  const select = document.createElement('select');
  select.id = 'role-switch';
  select.append(new Option(`${t('dispatcher')} (local)`, 'dispatcher'));
  for (const s of stewards) select.append(new Option(`${t('steward')} ${s.id} (local)`, 'steward:' + s.id));
  select.value = current.role === 'steward' ? 'steward:' + current.stewardId : 'dispatcher';
  select.addEventListener('change', () => {
    const [role, id] = select.value.split(':');
    setLocalRole(role, id);
    location.reload();
  });
  label.append(select);
  element.replaceChildren(label);
  if (!localRole()) setLocalRole(current.role, current.stewardId);
  return current;
}
