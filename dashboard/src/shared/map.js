// The district map: streets, plazas and intersections from the API's GeoJSON (no internet needed), an optional XYZ
// raster base map (set <meta name="yunbao-basemap" content="https://…/{z}/{x}/{y}.png"> at deployment, e.g. Azure Maps),
// and the heatmap tile layer from the API.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';

export const MIN_ZOOM = 13;   // heat tiles exist for zoom 12-18; the district fills the screen from 13
export const MAX_ZOOM = 18;

export function createMap(element, geojson, { zoom = 15, interactive = true } = {}) {
  const [w, s, e, n] = geojson.bbox;
  const bounds = L.latLngBounds([s, w], [n, e]);
  const map = L.map(element, {
    minZoom: MIN_ZOOM, maxZoom: MAX_ZOOM, maxBounds: bounds.pad(0.5), zoomControl: interactive,
    dragging: interactive, scrollWheelZoom: interactive, attributionControl: true, preferCanvas: false,
    zoomAnimation: interactive, fadeAnimation: interactive, markerZoomAnimation: interactive,
  });
  map.attributionControl.setPrefix(false);
  map.fitBounds(bounds);
  if (!interactive) map.setZoom(zoom);
  const basemap = document.querySelector('meta[name="yunbao-basemap"]')?.content;
  if (basemap) L.tileLayer(basemap, { maxZoom: MAX_ZOOM }).addTo(map);
  map.createPane('district').style.zIndex = 250;
  L.geoJSON(geojson, {
    pane: 'district',
    style: f => f.properties.kind === 'plaza'
      ? { color: '#7a9a6a', weight: 1, fillColor: '#cfe3c4', fillOpacity: 0.6 }
      : { color: roadColor(f.properties.extra.roadClass), weight: roadWeight(f.properties.extra.roadClass), opacity: 0.9 },
    pointToLayer: (f, latlng) => L.circleMarker(latlng, { pane: 'district', radius: 2, color: '#888', weight: 1 }),
    onEachFeature: (f, layer) => layer.bindTooltip(`${f.properties.nameZh} ${f.properties.nameEn}`, { sticky: true }),
  }).addTo(map);
  map.attributionControl.addAttribution(geojson.note ?? '');
  element.style.background = '#f3f1ec';
  return { map, bounds };
}

const roadColor = c => ({ arterial: '#c9a13b', primary: '#d8b65a', secondary: '#bdbdbd', branch: '#d6d6d6' }[c] ?? '#ccc');
const roadWeight = c => ({ arterial: 9, primary: 7, secondary: 5, branch: 3 }[c] ?? 3);

/** The heat layer for one pyramid; tiles only inside the district (the API has no tiles elsewhere). */
export function heatLayer(layer, window, bounds) {
  return L.tileLayer(`/api/heatmaps/${encodeURIComponent(layer)}/${encodeURIComponent(window)}/{z}/{x}/{y}.png`, {
    minZoom: MIN_ZOOM, maxZoom: MAX_ZOOM, maxNativeZoom: 18, minNativeZoom: 12, opacity: 0.75, bounds, className: 'heat-tiles', crossOrigin: false,
  });
}

export { L };
