from . import crm_campaign_segment
