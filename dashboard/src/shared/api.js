// One client for the Functions API on the same origin. Errors are problem+json; they surface as ApiError.
import { roleHeaders } from './session.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export function createApi({ role, steward } = {}) {
  // Same origin as the pages: the DevHost serves both, and Static Web Apps links the Function App under /api.
  const base = '/api/';
  const headers = () => roleHeaders(role, steward);

  async function request(path, { method = 'GET', body, ifMatch, ifNoneMatch, contentType, raw } = {}) {
    const h = { ...headers(), Accept: 'application/json' };
    if (ifMatch) h['If-Match'] = ifMatch;
    if (ifNoneMatch) h['If-None-Match'] = ifNoneMatch;
    let payload = body;
    if (body !== undefined && !(body instanceof Blob)) { h['Content-Type'] = 'application/json'; payload = JSON.stringify(body); }
    else if (body instanceof Blob) h['Content-Type'] = contentType ?? body.type;
    const res = await fetch(base + path, { method, headers: h, body: payload });
    if (res.status === 304) return { notModified: true, etag: res.headers.get('ETag') };
    if (!res.ok) {
      let problem = null;
      try { problem = await res.json(); } catch { /* not json */ }
      throw new ApiError(res.status, problem);
    }
    if (raw) return res;
    const data = res.status === 204 ? null : await res.json();
    return { data, etag: res.headers.get('ETag') };
  }

  return {
    base,
    request,
    headers,
    health: () => fetch(base + 'health').then(r => r.json()),
    catalog: () => request('catalog'),
    districtMap: () => request('district/map.geojson'),
    manifest: () => request('heatmaps/manifest.json').catch(e => (e.status === 404 ? { data: null } : Promise.reject(e))),
    orders: (query, ifNoneMatch) => request('workorders?' + new URLSearchParams(query), { ifNoneMatch }),
    order: id => request(`workorders/${encodeURIComponent(id)}`),
    transition: (id, etag, body) => request(`workorders/${encodeURIComponent(id)}/transitions`, { method: 'POST', body, ifMatch: etag }),
    evidence: id => request(`workorders/${encodeURIComponent(id)}/evidence`),
    suggestions: id => request(`workorders/${encodeURIComponent(id)}/suggestions`),
    uploadPhoto: (id, file) => request(`workorders/${encodeURIComponent(id)}/photos`, { method: 'POST', body: file }),
    stewards: () => request('stewards'),
    /** Who the signed-in caller is (and which steward), from the sign-in principal only. */
    me: () => request('me'),
    statistics: period => request('statistics?period=' + period),
    hotspots: (layer, window) => request(`hotspots?layer=${encodeURIComponent(layer)}&window=${encodeURIComponent(window)}`),
    reportLocation: (stewardId, lon, lat) => request(`stewards/${encodeURIComponent(stewardId)}/location`, { method: 'POST', body: { lon, lat } }),
    /** An image through the API (private containers), as an object URL. */
    async imageUrl(url) {
      const res = await fetch(url, { headers: headers() });
      if (!res.ok) throw new ApiError(res.status, null);
      return URL.createObjectURL(await res.blob());
    },
  };
}
