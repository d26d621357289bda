// English strings. Every user-visible string goes through t() so another language (Urdu, right
// to left) can be added as a second table with the same keys.
export const en = {
  'app.name': 'NAP Monitor',
  'app.tagline': "Monitoring Pakistan's National Action Plan",
  'app.skipToContent': 'Skip to content',
  'nav.label': 'Main',
  'nav.map': 'Map',
  'nav.apiDocs': 'API docs',
  'notFound.title': 'Page not found',
  'notFound.body': 'There is no page at {path}.',
  'notFound.home': 'Go to the district map',

  'map.title': 'District map',
  'map.intro': 'Choose an indicator and a year to compare districts.',
  'map.indicator': 'Indicator',
  'map.year': 'Year',
  'map.ariaLabel': 'Map of Pakistan districts coloured by {indicator}, {year}',
  'map.loading': 'Loading map…',
  'map.loadingValues': 'Loading values…',
  'map.error': 'Could not load the map: {message}',
  'map.errorValues': 'Could not load values for this indicator: {message}',
  'map.retry': 'Try again',
  'map.noIndicators': 'No indicators are available yet.',
  'map.noData': 'No data',
  'map.source': 'Source',
  'map.licence': 'Licence',
  'map.definition': 'Definition',
  'map.downloadCsv': 'Download CSV',
  'map.districtsWithData': '{count} of {total} districts have data for {year}.',

  'legend.title': 'Legend',
  'legend.darkerWorseHigh': 'Darker = higher = worse',
  'legend.darkerWorseLow': 'Darker = lower = worse',
  'legend.darkerHigher': 'Darker = higher',
  'legend.range': '{from} – {to}',

  'table.caption': 'Districts',
  'table.search': 'Search districts',
  'table.searchPlaceholder': 'District name',
  'table.district': 'District',
  'table.province': 'Province',
  'table.value': 'Value',
  'table.sortBy': 'Sort by {column}',
  'table.empty': 'No districts match',
  'table.count': '{shown} of {total} districts',

  'error.network': 'the server could not be reached',
  'error.unexpected': 'the server sent an unexpected answer',
} as const;

export type MessageKey = keyof typeof en;
