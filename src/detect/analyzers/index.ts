// The analyzers, in the order they run on a blob.
import { archives } from '../../sources/archive/analyzer.js';
import { confluenceJson } from '../../sources/jira/confluence-json.js';
import { jiraJson } from '../../sources/jira/jira-json.js';
import { jiraXml } from '../../sources/jira/jira-xml.js';
import { configFiles } from './config-files.js';
import { encrypted } from './encrypted.js';
import { kubernetes } from './kubernetes.js';
import { textMarkings } from './markings.js';
import { notebooks } from './notebook.js';
import { officeDocuments } from './office-text.js';
import { pdfDocuments } from './pdf.js';
import { sensitiveFiles } from './sensitive-files.js';
import { sqlDump } from './sql.js';
import { terraformHcl } from './terraform-hcl.js';
import { terraformState } from './terraform-state.js';
import type { Analyzer } from './types.js';

export const ANALYZERS: readonly Analyzer[] = [
  encrypted, terraformState, terraformHcl, kubernetes, sqlDump, configFiles, notebooks,
  jiraJson, confluenceJson, jiraXml, archives, officeDocuments, pdfDocuments, textMarkings, sensitiveFiles,
];
