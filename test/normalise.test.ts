import { describe, expect, it } from 'vitest';
import { parseDueDate } from '../src/normalise/dates.ts';
import { parseCost } from '../src/normalise/money.ts';
import { parseStatus } from '../src/normalise/status.ts';
import { mapHeader, mapHeaderRow, mapHeaderRows, looksLikeHeader } from '../src/normalise/headers.ts';
import { splitRef } from '../src/normalise/records.ts';
import { findPeriod } from '../src/normalise/meta.ts';

describe('parseDueDate', () => {
  it.each([
    ['Nov 2011', '2011-11'],
    ["Jan '12", '2012-01'],
    ["Sept '11", '2011-09'],
    ["Dec' 11", '2011-12'],
    ['July 12', '2012-07'],
    ['31/03/2010', '2010-03-31'],
    ['1.4.2011', '2011-04-01'],
    ['31st March 2010', '2010-03-31'],
    ['by end of September 2009', '2009-09'],
    ['2012', '2012'],
    ['2012\n2012', '2012'],
    ['2010-06-30', '2010-06-30'],
    ['March 2010 (Cabinet)', '2010-03'],
    ['06/2010', '2010-06'],
    ['31/02/2010', '2010-02'], // no such day: month and year still stand
    // quarters of a financial year (April to March) lie in one calendar year
    ['Q3 2010/11', '2010'],
    ['Q1 2011/12', '2011'],
    ['Q4 2010/11', '2011'],
    ['q2 2009-10', '2009'],
  ])('%j -> %j', (text, expected) => {
    expect(parseDueDate(text)).toBe(expected);
  });

  it.each([
    'On-going', 'Ongoing', 'ongoing', '2011/12', '2009/10', 'Over the current lifetime of the project (12/2007-12/2009).',
    'Pilot period Autumn 08-Spring 09.', 'April 2010 - March 2011', '2011-2016', 'TBC', 'Quarterly', '',
  ])('%j -> null', (text) => {
    expect(parseDueDate(text)).toBeNull();
  });
});

describe('parseCost', () => {
  it.each([
    ['£12,500 p.a including promotion', 12500],
    ['£5k', 5000],
    ['£1.2m over three years', 1200000],
    ['Staff time, £6000 pa license cost for portal', 6000],
    ['£105,000', 105000],
    ['£ 2,500 from the Compact budget', 2500],
    ['£2.5 million', 2500000],
    ['£14,000 – budget indented up to March \'12', 14000],
  ])('%j -> %d', (text, expected) => {
    expect(parseCost(text)).toBe(expected);
  });
  it.each(['Within existing resources', '2,500 hours', '', 'Staff time'])('%j -> null', (text) => {
    expect(parseCost(text)).toBeNull();
  });
});

describe('parseStatus', () => {
  it.each([
    ['R', 'R'], ['A', 'A'], ['G', 'G'], ['Green', 'G'], ['amber - delayed by funding', 'A'],
    ['Red', 'R'], ['Completed', 'G'], ['(G)', 'G'],
  ])('%j -> %j', (text, expected) => {
    expect(parseStatus(text)).toBe(expected);
  });
  it.each(['A new forum is planned', 'Not started', '', 'Revised'])('%j -> null', (text) => {
    expect(parseStatus(text)).toBeNull();
  });
});

describe('header mapping', () => {
  // Labels from the corpus and from other councils' plans.
  it.each([
    ['Action No', 'ref'], ['Ref.', 'ref'], ['No.', 'ref'],
    ['Task and progress', 'action'], ['Key action / activity', 'action'], ['ACTIVITY', 'action'], ['Actions', 'action'], ['What we will do', 'action'],
    ['Output', 'output'], ['Deliverables', 'output'],
    ['Outcome', 'outcome'], ['Outputs and Outcomes (2009/10)', 'outcome'], ['Measures of success', 'outcome'],
    ['Milestones', 'milestone'], ['Key milestones', 'milestone'],
    ['By When', 'due'], ['Completion milestone', 'due'], ['Timescale', 'due'], ['Target date', 'due'], ['Deadline', 'due'],
    ['Lead Officer (Service Head)', 'lead'], ['RESPONSIBLE OFFICER/ORGANISATION', 'lead'], ['Lead partner', 'lead'], ['Who', 'lead'], ['Lead agency', 'lead'],
    ['Resources', 'resources'], ['Cost (2009/10)', 'resources'], ['Budget', 'resources'],
    ['Funding Source', 'funding'], ['Source of funding', 'funding'],
    ['Progress Update R/A/G', 'status'], ['RAG', 'status'], ['Status', 'status'], ['Pro- gress Update R/A/G', 'status'],
    ['PROGRSS / COMMENTS', 'progress'], ['Comments', 'progress'], ['Progress to date', 'progress'],
    ['CODE', 'section'], ['Objective No.', 'section'], ['Theme', 'section'], ['Strategic priority', 'section'],
  ])('%j -> %s', (label, field) => {
    expect(mapHeader(label)).toBe(field);
  });

  it('reads a two-row header by its sub-labels: "Source" under "Resources" is the funding source', () => {
    expect(mapHeaderRows([
      ['Ref', 'Key action', 'Responsibility', 'Responsibility', 'Resources', 'Resources'],
      ['', '', 'Lead', 'Partners', 'Budget', 'Source'],
    ])).toEqual(['ref', 'action', 'lead', null, 'resources', 'funding']);
    // a sub-label that means nothing alone falls back to the labels together
    expect(mapHeaderRows([['Improvement Targets', 'Action'], ['2008/09', '']])).toEqual([null, 'action']);
  });

  it('gives each field to one column', () => {
    expect(mapHeaderRow(['Action', 'Lead Officer', 'Lead partner', 'Timescale'])).toEqual(['action', 'lead', null, 'due']);
  });

  it('recognises header rows and not data rows', () => {
    expect(looksLikeHeader(['Action No', 'Task and progress', 'Output', 'By When', 'Outcome'])).toBe(true);
    expect(looksLikeHeader(['Priority', 'Action', 'Lead', 'Timescale', 'RAG'])).toBe(true);
    expect(looksLikeHeader(['Area / target group', 'Baseline', 'Improvement Targets 2008/09'])).toBe(false);
    expect(looksLikeHeader(['1.', 'Provide opportunities for local people to participate in achieving the vision', 'Active Citizens Training Programme (ACE)', 'On-going'])).toBe(false);
    expect(looksLikeHeader(['Implementation status', ''])).toBe(false);
  });
});

describe('refs and periods', () => {
  it('splits a ref from the action text', () => {
    expect(splitRef('1.1 Develop a new Council for Voluntary Services')).toEqual({ ref: '1.1', rest: 'Develop a new Council for Voluntary Services' });
    expect(splitRef('1. On-going provision of the project')).toEqual({ ref: '1', rest: 'On-going provision of the project' });
    expect(splitRef('2 meetings per year')).toBeNull();
    expect(splitRef('2012 review of grants')).toBeNull();
  });
  it('reads the period from a title as printed', () => {
    expect(findPeriod('Community Engagement DRAFT Implementation Plan November 2011-2016')).toBe('2011-2016');
    expect(findPeriod('Tower Hamlets Council Third Sector Strategy - Action Plan 2009/10')).toBe('2009/10');
    expect(findPeriod('Compact Action Plan 2010')).toBe('2010');
    expect(findPeriod('LAA Action Plan template')).toBeNull();
  });
});
