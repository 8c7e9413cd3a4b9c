"""The plans of fixtures/unseen: written like UK council and voluntary-sector
action plans, but with column sets, header wordings, date styles, money forms
and layouts that fixtures/corpus does not have. Each plan is its gold blocks
plus a few rendering hints (column widths, a two-row header). Used by
scripts/make-unseen.py."""

B = '\u2022 '


def col(header, field, width):
    return {'header': header, 'field': field, 'width': width}


def sec(text, level=None):
    row = {'kind': 'section', 'text': text}
    if level:
        row['level'] = level
    return row


def row(*cells):
    return {'kind': 'data', 'cells': list(cells)}


HEADER = {'kind': 'header'}

# --- 1. A Compact action plan: landscape, nine columns, an objective column
# merged down its actions, RAG letters, progress notes, a table over pages.
KIRKLEES = {
    'slug': 'kirklees-compact-action-plan-2010',
    'title': 'Kirklees Compact Action Plan 2010/11',
    'organisation': 'Kirklees Council',
    'area': 'Kirklees',
    'period': '2010/11',
    'orientation': 'landscape',
    'txt': 'tabbed',
    'blocks': [
        {'type': 'heading', 'text': 'Kirklees Compact Action Plan 2010/11'},
        {'type': 'paragraph', 'text': 'Agreed by the Compact Implementation Group, 14 June 2010. Progress reported quarterly to the Stronger Communities Partnership.'},
        {'type': 'table', 'columns': [
            col('Ref', 'ref', 700),
            col('Objective', 'section', 1900),
            col('Action', 'action', 2900),
            col('Lead', 'lead', 1400),
            col('Partners', None, 1600),
            col('Timescale', 'due', 1150),
            col('Resources', 'resources', 1400),
            col('RAG', 'status', 600),
            col('Progress', 'progress', 3488),
        ], 'rows': [
            row('C1', 'Raise awareness of the Compact across all sectors', 'Publish a plain English summary of the Compact and its five codes of practice', 'Compact Officer', 'Voluntary Action Kirklees', '31.03.11', '£5k', 'G', 'Summary drafted and tested with two community groups; print run agreed.'),
            row('C2', None, 'Deliver Compact awareness sessions for council managers and VCS trustees', 'Head of Policy', 'Voluntary Action Kirklees; NHS Kirklees', 'Q3 2010/11', 'Existing resources', 'A', 'Four of six sessions held. Take-up from NHS managers lower than planned; dates being rearranged.'),
            row('C3', None, 'Add a Compact page to the council intranet with links to the codes and the disputes procedure', 'Web Team Manager', '', 'end March 2011', 'Within existing budgets', 'G', 'Page live since September.'),
            row('C4', 'Fair funding and commissioning', 'Introduce three year funding agreements for voluntary organisations delivering core services', 'Head of Commissioning', 'Kirklees Partnership', '01.04.11', '£1.2m', 'A', 'Cabinet report scheduled for January. Finance have asked for a risk assessment first.'),
            row('C5', None, 'Give twelve weeks notice of any change to grant conditions or funding levels', 'Service Directors', 'All funded organisations', 'Ongoing', 'Nil', 'G', 'Checked in the annual grants audit: no breaches found.'),
            row('C6', None, 'Pay grants quarterly in advance rather than in arrears', 'Grants Manager', '', '30.09.10', '£2,500 set-up costs', 'R', 'Delayed by the move to the new finance system. Now expected in the new financial year.'),
            row('C7', 'Consultation and policy development', 'Agree a minimum consultation period of twelve weeks for policies that affect the sector', 'Head of Policy', 'VCS Forum', 'Q4 2010/11', 'Existing resources', 'A', 'Draft consultation standard with the VCS Forum for comment.'),
            row('C8', None, 'Publish a forward plan of consultations on the Kirklees Partnership website', 'Consultation Officer', 'Kirklees Partnership', 'end June 2010', 'Officer time', 'G', 'Published and updated monthly.'),
            row('C9', 'Resolving disagreements', 'Review the Compact disputes procedure and train three independent mediators', 'Compact Officer', 'Voluntary Action Kirklees', 'Summer 2011', '£3,000', 'A', 'Mediation provider identified. Training booked subject to funding.'),
            row('C10', 'Supporting volunteering', 'Adopt the Volunteering Code of Good Practice in every council service that involves volunteers', 'Head of HR', 'Volunteer Centre Kirklees', 'end September 2010', 'Existing resources', 'G', 'Adopted by Adult Services, Libraries and Parks. Children\'s Services to follow after their restructure.'),
            row('C11', None, 'Reimburse volunteers\' out of pocket expenses in all council-run volunteering schemes', 'Service Directors', '', '01.07.10', '£12,000 pa', 'A', 'Policy agreed. Two schemes still use their own rates and are being brought into line.'),
            row('C12', None, 'Provide a volunteering brokerage service for people referred by Jobcentre Plus and the Probation Service', 'Volunteer Centre Kirklees', 'Jobcentre Plus; West Yorkshire Probation Trust', 'Q2 2010/11', '£18.5k', 'G', '86 referrals placed in the first six months against a target of 60.'),
            row('C13', 'Monitoring and review', 'Report progress against this plan to the Stronger Communities Partnership twice a year', 'Compact Implementation Group', 'Stronger Communities Partnership', 'Six-monthly', 'Officer time', 'G', 'First report taken in October; next due April.'),
            row('C14', None, 'Carry out an annual Compact health check survey of voluntary and community organisations', 'Voluntary Action Kirklees', 'Kirklees Council', '31.01.11', '£1,500 pa', 'G', 'Survey closed with 142 replies; results to the next Implementation Group.'),
            row('C15', None, 'Refresh the Compact and its codes in light of the national Compact renewal', 'Compact Implementation Group', 'All partners', '2011-12', 'To be identified', 'R', 'On hold until the renewed national Compact is published.'),
        ]},
    ],
}

# --- 2. A volunteering strategy delivery plan: portrait, nested section rows,
# terse wording ("What we will do", "Who", "When"), seasons and "by 1st ...".
LEWISHAM = {
    'slug': 'lewisham-volunteering-strategy-2010',
    'title': 'Lewisham Volunteering Strategy 2010-2013: Delivery Plan',
    'organisation': 'Lewisham Council',
    'area': 'Lewisham',
    'period': '2010-2013',
    'orientation': 'portrait',
    'txt': 'tabbed',
    'blocks': [
        {'type': 'heading', 'text': 'Lewisham Volunteering Strategy 2010-2013: Delivery Plan'},
        {'type': 'paragraph', 'text': 'This plan sets out what partners in the Lewisham Strategic Partnership will do in the first year of the strategy. It will be reviewed each spring by the Volunteering Steering Group.'},
        {'type': 'table', 'columns': [
            col('No.', 'ref', 650),
            col('What we will do', 'action', 3300),
            col('Who', 'lead', 1700),
            col('When', 'due', 1300),
            col('Success measures', 'outcome', 2688),
        ], 'rows': [
            sec('Theme 1: More people volunteering'),
            sec('Reaching new volunteers', 2),
            row('1.1', 'Run a volunteering fair in each of the four neighbourhood areas', 'Volunteer Centre Lewisham', 'Summer 2010', '400 enquiries from people new to volunteering'),
            row('1.2', 'Promote micro-volunteering and one-off opportunities through the council website and libraries', 'Communications Team', 'by 1st April 2010', 'Opportunities page visited 2,000 times a year'),
            row('1.3', 'Work with Jobcentre Plus so that people on benefits know volunteering will not affect their claim', 'Volunteer Centre Lewisham', 'Autumn 2010', 'Joint leaflet in every Jobcentre\nTwo briefings for advisers'),
            sec('Young people', 2),
            row('1.4', 'Offer accredited volunteering placements to 16 to 19 year olds through v inspired', 'Youth Service', '2010-11', '60 young people complete a placement'),
            row('1.5', 'Recognise young volunteers at the annual Lewisham Youth Awards', 'Youth Service', 'March 2011', 'Awards held with a volunteering category'),
            sec('Theme 2: Better support for volunteer-involving organisations'),
            row('2.1', 'Provide training in volunteer management for small groups', 'Volunteer Centre Lewisham', 'Spring 2011', '30 organisations trained\n10 achieve Investing in Volunteers'),
            row('2.2', 'Agree a standard volunteer expenses policy across the partnership', 'Lewisham Strategic Partnership', 'by 31st December 2010', 'Policy adopted by all LSP members'),
            row('2.3', "Simplify CRB checks for volunteers working with children and vulnerable adults", 'HR Service', 'Ongoing', 'Average check time under 4 weeks'),
            sec('Theme 3: Council staff as volunteers'),
            row('3.1', 'Introduce an employer supported volunteering scheme giving staff two days a year', 'Head of HR', 'by 1st September 2010', '250 staff volunteer in the first year'),
            row('3.2', 'Publish case studies of staff volunteering in the staff magazine', 'Internal Communications', 'Quarterly', 'Four case studies a year'),
        ]},
        {'type': 'paragraph', 'text': 'Contact: Volunteering Policy Officer, Community Sector Unit.'},
    ],
}

# --- 3. A VCS commissioning plan with two tables of different columns:
# "Deliverables", "Target date", "Budget" with pa amounts and thousands; then
# "Key milestones", "Status" colour words and "Comments".
CUMBRIA = {
    'slug': 'cumbria-vcs-commissioning-plan-2011',
    'title': 'Cumbria County Council Voluntary and Community Sector Commissioning Plan 2011-12',
    'organisation': 'Cumbria County Council',
    'area': 'Cumbria',
    'period': '2011-12',
    'orientation': 'landscape',
    'txt': 'tabbed',
    'blocks': [
        {'type': 'heading', 'text': 'Cumbria County Council Voluntary and Community Sector Commissioning Plan 2011-12'},
        {'type': 'paragraph', 'text': 'Part A lists the commissioning changes the County Council will make. Part B lists the support that infrastructure organisations will give to the sector.'},
        {'type': 'heading', 'text': 'Part A: Council commissioning actions'},
        {'type': 'table', 'columns': [
            col('Action No', 'ref', 1000),
            col('Action', 'action', 4200),
            col('Deliverables', 'output', 3600),
            col('Lead officer', 'lead', 2000),
            col('Target date', 'due', 1600),
            col('Budget', 'resources', 2738),
        ], 'rows': [
            sec('Commissioning for outcomes'),
            row('A1', 'Publish a commissioning intentions statement for adult social care and children\'s services each year', 'Commissioning intentions statement on the council website', 'Assistant Director, Commissioning', 'Sept 2011', 'Within existing budgets'),
            row('A2', 'Hold market engagement events with the voluntary sector before every tender over £100,000', 'Four events a year\nFeedback published after each event', 'Procurement Manager', '31/12/2011', '£5k'),
            row('A3', 'Split large contracts into lots that small and local organisations can bid for', 'Lotting guidance for commissioners', 'Procurement Manager', 'end Oct 2011', 'Nil'),
            sec('Grants'),
            row('A4', 'Keep a small grants fund for community groups outside the commissioning programme', 'Small grants round twice a year', 'Community Development Manager', 'Ongoing', '£25,000 pa'),
            row('A5', 'Move grant monitoring to a single proportionate return', 'One monitoring form for grants under £10,000', 'Grants Officer', 'Q1 2011/12', 'Existing staff time'),
        ]},
        {'type': 'heading', 'text': 'Part B: Infrastructure support'},
        {'type': 'table', 'columns': [
            col('Ref', 'ref', 900),
            col('Action', 'action', 4100),
            col('Key milestones', 'milestone', 3400),
            col('Lead', 'lead', 1900),
            col('Target date', 'due', 1300),
            col('Status', 'status', 1100),
            col('Comments', 'progress', 2438),
        ], 'rows': [
            sec('Capacity building'),
            row('B1', 'Support voluntary organisations to form consortia to bid for contracts', 'Consortium toolkit published\nThree consortia formed', 'Cumbria CVS', 'March 2012', 'Amber', 'Toolkit published; one consortium formed so far.'),
            row('B2', 'Run tender writing workshops for small organisations', 'Six workshops held\nEvaluation report', 'Cumbria CVS', 'Q2 2011/12', 'Green', 'Five workshops held with 64 attendees.'),
            row('B3', 'Give one-to-one funding advice through the county funding advice service', 'Advice given to 150 groups', 'ACTion with Communities in Cumbria', 'Ongoing', 'Green', ''),
            sec('Volunteering'),
            row('B4', 'Maintain volunteer centres in each district and a shared database of opportunities', 'Shared database live\nSix volunteer centres open', 'Volunteer Centres Cumbria', '30/06/2011', 'Red', 'Database contract delayed; centres in two districts open part time only.'),
            row('B5', 'Develop a volunteer passport recognised by all statutory partners', 'Passport agreed by partners', 'Cumbria CVS', 'Spring 2012', 'Amber', 'Partners consulted; NHS sign-off awaited.'),
        ]},
    ],
}

# --- 4. An LAA (NI7) delivery plan with a two-row header: "Responsibility"
# over Lead and Partners, "Resources" over Budget and Source.
NSOMERSET = {
    'slug': 'north-somerset-ni7-delivery-plan',
    'title': 'North Somerset LAA Delivery Plan: NI 7 Environment for a thriving third sector',
    'organisation': 'North Somerset Council',
    'area': 'North Somerset',
    'period': None,  # not printed
    'orientation': 'landscape',
    'txt': 'tabbed',
    'blocks': [
        {'type': 'heading', 'text': 'North Somerset LAA Delivery Plan: NI 7 Environment for a thriving third sector'},
        {'type': 'paragraph', 'text': 'Lead partnership: North Somerset Partnership Stronger Communities Group. Baseline (2008 survey): 13.4%. Target 2010/11: 16.4%.'},
        {'type': 'table',
         'header_rows': [
             [('Ref', 1, 'restart'), ('Key action', 1, 'restart'), ('Responsibility', 2, None), ('Target date', 1, 'restart'), ('Resources', 2, None), ('RAG', 1, 'restart')],
             [('', 1, 'continue'), ('', 1, 'continue'), ('Lead', 1, None), ('Partners', 1, None), ('', 1, 'continue'), ('Budget', 1, None), ('Source', 1, None), ('', 1, 'continue')],
         ],
         'columns': [
             col('Ref', 'ref', 800),
             col('Key action', 'action', 4300),
             col('Responsibility\nLead', 'lead', 1900),
             col('Responsibility\nPartners', None, 2100),
             col('Target date', 'due', 1500),
             col('Resources\nBudget', 'resources', 1500),
             col('Resources\nSource', 'funding', 2138),
             col('RAG', 'status', 900),
         ], 'rows': [
             sec('Outcome 1: Stronger voice for the third sector'),
             row('1.1', 'Elect third sector representatives to every theme group of the North Somerset Partnership', 'Voluntary Action North Somerset', 'North Somerset Partnership', 'by 1st April 2009', 'Nil', 'n/a', 'G'),
             row('1.2', 'Set up a third sector assembly meeting three times a year', 'Voluntary Action North Somerset', 'Council; PCT', 'July 2009', '£4.5k', 'LAA Reward Grant', 'G'),
             sec('Outcome 2: A sustainable third sector'),
             row('2.1', 'Launch a loan and investment fund for social enterprises', 'Head of Economic Development', 'South West RDA; local banks', 'Q2 2009/10', '£250,000', 'Working Neighbourhoods Fund', 'A'),
             row('2.2', 'Develop a community asset transfer policy and pilot two transfers', 'Head of Property', 'Parish councils', '31.03.10', 'Officer time', 'Council revenue budget', 'A'),
             row('2.3', 'Commission infrastructure support for the sector on a three year contract', 'Head of Commissioning', 'Voluntary Action North Somerset', '2010/11', '£90,000 pa', 'Council and PCT', 'R'),
             sec('Outcome 3: Better understanding of the sector'),
             row('3.1', 'Map third sector organisations and services in each area of the district', 'Voluntary Action North Somerset', 'Council research team', 'end December 2009', '£7,500', 'LAA Reward Grant', 'G'),
             row('3.2', 'Repeat the national third sector survey locally between national surveys', 'Performance Manager', 'Voluntary Action North Somerset', 'Autumn 2010', '£1.2k', 'Council revenue budget', 'A'),
         ]},
        {'type': 'paragraph', 'text': 'RAG: G on track, A some slippage, R at risk.'},
    ],
}

# --- 5. A narrative progress report: prose and one numbered list.
WAKEFIELD = {
    'slug': 'wakefield-ni7-progress-report-2009',
    'kind': 'narrative',
    'title': 'NI 7 progress report to the Wakefield District Partnership',
    'organisation': 'Wakefield District Partnership',
    'area': 'Wakefield',
    'period': None,
    'orientation': 'portrait',
    'txt': 'prose',
    'blocks': [
        {'type': 'heading', 'text': 'NI 7 progress report to the Wakefield District Partnership'},
        {'type': 'paragraph', 'text': 'Report of the Third Sector Partnership Manager, November 2009.'},
        {'type': 'heading', 'text': 'Background'},
        {'type': 'paragraph', 'text': 'National Indicator 7 measures the environment for a thriving third sector. The 2008 national survey placed Wakefield in the bottom quarter of local authority areas, with 12.1% of organisations saying that local statutory bodies had a positive influence on their success.'},
        {'type': 'paragraph', 'text': 'The Partnership agreed a stretch target of 15% for the 2010 survey and asked the Third Sector Strategic Group to lead the work.'},
        {'type': 'heading', 'text': 'Progress since April'},
        {'type': 'paragraph', 'text': 'Since the last report the following has been achieved:'},
        {'type': 'list', 'numbered': True, 'items': [
            'The Wakefield Compact was refreshed and signed by the Council, NHS Wakefield District, West Yorkshire Police and the Third Sector Strategic Group in June.',
            'A commissioning framework for the third sector was agreed by the Partnership Board, including a commitment to full cost recovery.',
            'Funding of £60,000 was secured from the Working Neighbourhoods Fund for a two year capacity building programme run by Nova Wakefield District.',
            'Three themed partnership groups now have elected third sector representatives, supported by a representatives network that meets every two months.',
            'A directory of local funding sources was published online and has been viewed more than 1,800 times.',
            'The Council paid 94% of third sector invoices within 30 days, up from 71% last year.',
        ]},
        {'type': 'heading', 'text': 'Next steps'},
        {'type': 'paragraph', 'text': 'The Strategic Group will run a local survey in the spring to test whether these changes are noticed by smaller groups, and will report again in March 2010.'},
    ],
}

PLANS = [KIRKLEES, LEWISHAM, CUMBRIA, NSOMERSET, WAKEFIELD]
