// The local role switch: stands in for sign-in ONLY when the API reports LocalMode (the DevHost). In Azure the
// platform's sign-in sets the principal and these headers are ignored by the API.
const KEY = 'yunbao.localRole';

export function localRole() {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? 'null');
    if (v && (v.role === 'dispatcher' || v.role === 'steward')) return v;
  } catch { /* fall through */ }
  return null;
}

export function setLocalRole(role, stewardId) {
  localStorage.setItem(KEY, JSON.stringify({ role, stewardId: stewardId ?? null }));
}

/** Headers naming the local dev principal's role (and steward), when a local role is picked. */
export function roleHeaders(defaultRole, defaultSteward) {
  const r = localRole() ?? { role: defaultRole, stewardId: defaultSteward };
  const h = { 'X-Yunbao-Local-Dev-Role': r.role };
  if (r.role === 'steward' && r.stewardId) h['X-Yunbao-Local-Dev-Steward-Id'] = r.stewardId;
  return h;
}
