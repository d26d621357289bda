// Provenance of the boundaries the API serves (data/SOURCES.md). Names of publishers and
// licences are quoted as published, in every language.
export const BOUNDARY_SOURCE = 'OCHA / WFP, COD-AB Pakistan 2022';
export const BOUNDARY_LICENCE = 'CC BY-IGO';
/** The date the COD-AB edition describes. */
export const BOUNDARY_VALID_ON = '2022-09-09';
