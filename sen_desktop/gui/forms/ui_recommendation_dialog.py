# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'recommendation_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDialog, QDialogButtonBox, QGridLayout, QHBoxLayout,
    QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPlainTextEdit, QRadioButton, QSizePolicy, QSpacerItem,
    QVBoxLayout, QWidget)

class Ui_RecommendationDialog(object):
    def setupUi(self, RecommendationDialog):
        if not RecommendationDialog.objectName():
            RecommendationDialog.setObjectName(u"RecommendationDialog")
        RecommendationDialog.resize(1000, 620)
        self.main_layout = QVBoxLayout(RecommendationDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.context_label = QLabel(RecommendationDialog)
        self.context_label.setObjectName(u"context_label")
        self.context_label.setWordWrap(True)
        self.context_label.setTextFormat(Qt.TextFormat.PlainText)

        self.main_layout.addWidget(self.context_label)

        self.form_error = QLabel(RecommendationDialog)
        self.form_error.setObjectName(u"form_error")
        self.form_error.setProperty(u"role", u"error")
        self.form_error.setWordWrap(True)

        self.main_layout.addWidget(self.form_error)

        self.columns_layout = QHBoxLayout()
        self.columns_layout.setSpacing(24)
        self.columns_layout.setObjectName(u"columns_layout")
        self.left_layout = QGridLayout()
        self.left_layout.setObjectName(u"left_layout")
        self.left_layout.setHorizontalSpacing(12)
        self.left_layout.setVerticalSpacing(4)
        self.group_label = QLabel(RecommendationDialog)
        self.group_label.setObjectName(u"group_label")

        self.left_layout.addWidget(self.group_label, 0, 0, 1, 1)

        self.group_combo = QComboBox(RecommendationDialog)
        self.group_combo.setObjectName(u"group_combo")
        sizePolicy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        sizePolicy.setHorizontalStretch(1)
        sizePolicy.setVerticalStretch(0)
        sizePolicy.setHeightForWidth(self.group_combo.sizePolicy().hasHeightForWidth())
        self.group_combo.setSizePolicy(sizePolicy)

        self.left_layout.addWidget(self.group_combo, 0, 1, 1, 1)

        self.group_error = QLabel(RecommendationDialog)
        self.group_error.setObjectName(u"group_error")
        self.group_error.setProperty(u"role", u"error")
        self.group_error.setWordWrap(True)

        self.left_layout.addWidget(self.group_error, 1, 1, 1, 1)

        self.title_label = QLabel(RecommendationDialog)
        self.title_label.setObjectName(u"title_label")

        self.left_layout.addWidget(self.title_label, 2, 0, 1, 1)

        self.title_edit = QLineEdit(RecommendationDialog)
        self.title_edit.setObjectName(u"title_edit")

        self.left_layout.addWidget(self.title_edit, 2, 1, 1, 1)

        self.title_error = QLabel(RecommendationDialog)
        self.title_error.setObjectName(u"title_error")
        self.title_error.setProperty(u"role", u"error")
        self.title_error.setWordWrap(True)

        self.left_layout.addWidget(self.title_error, 3, 1, 1, 1)

        self.text_label = QLabel(RecommendationDialog)
        self.text_label.setObjectName(u"text_label")
        self.text_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.left_layout.addWidget(self.text_label, 4, 0, 1, 1)

        self.text_edit = QPlainTextEdit(RecommendationDialog)
        self.text_edit.setObjectName(u"text_edit")
        self.text_edit.setMaximumSize(QSize(16777215, 140))
        self.text_edit.setTabChangesFocus(True)

        self.left_layout.addWidget(self.text_edit, 4, 1, 1, 1)

        self.text_error = QLabel(RecommendationDialog)
        self.text_error.setObjectName(u"text_error")
        self.text_error.setProperty(u"role", u"error")
        self.text_error.setWordWrap(True)

        self.left_layout.addWidget(self.text_error, 5, 1, 1, 1)

        self.rationale_label = QLabel(RecommendationDialog)
        self.rationale_label.setObjectName(u"rationale_label")
        self.rationale_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.left_layout.addWidget(self.rationale_label, 6, 0, 1, 1)

        self.rationale_edit = QPlainTextEdit(RecommendationDialog)
        self.rationale_edit.setObjectName(u"rationale_edit")
        self.rationale_edit.setMaximumSize(QSize(16777215, 100))
        self.rationale_edit.setTabChangesFocus(True)

        self.left_layout.addWidget(self.rationale_edit, 6, 1, 1, 1)

        self.rationale_error = QLabel(RecommendationDialog)
        self.rationale_error.setObjectName(u"rationale_error")
        self.rationale_error.setProperty(u"role", u"error")
        self.rationale_error.setWordWrap(True)

        self.left_layout.addWidget(self.rationale_error, 7, 1, 1, 1)

        self.dimension_label = QLabel(RecommendationDialog)
        self.dimension_label.setObjectName(u"dimension_label")

        self.left_layout.addWidget(self.dimension_label, 8, 0, 1, 1)

        self.dimension_combo = QComboBox(RecommendationDialog)
        self.dimension_combo.setObjectName(u"dimension_combo")
        sizePolicy.setHeightForWidth(self.dimension_combo.sizePolicy().hasHeightForWidth())
        self.dimension_combo.setSizePolicy(sizePolicy)

        self.left_layout.addWidget(self.dimension_combo, 8, 1, 1, 1)

        self.dimension_error = QLabel(RecommendationDialog)
        self.dimension_error.setObjectName(u"dimension_error")
        self.dimension_error.setProperty(u"role", u"error")
        self.dimension_error.setWordWrap(True)

        self.left_layout.addWidget(self.dimension_error, 9, 1, 1, 1)

        self.tier_label = QLabel(RecommendationDialog)
        self.tier_label.setObjectName(u"tier_label")

        self.left_layout.addWidget(self.tier_label, 10, 0, 1, 1)

        self.tier_combo = QComboBox(RecommendationDialog)
        self.tier_combo.setObjectName(u"tier_combo")
        sizePolicy.setHeightForWidth(self.tier_combo.sizePolicy().hasHeightForWidth())
        self.tier_combo.setSizePolicy(sizePolicy)

        self.left_layout.addWidget(self.tier_combo, 10, 1, 1, 1)

        self.tier_error = QLabel(RecommendationDialog)
        self.tier_error.setObjectName(u"tier_error")
        self.tier_error.setProperty(u"role", u"error")
        self.tier_error.setWordWrap(True)

        self.left_layout.addWidget(self.tier_error, 11, 1, 1, 1)

        self.districts_label = QLabel(RecommendationDialog)
        self.districts_label.setObjectName(u"districts_label")

        self.left_layout.addWidget(self.districts_label, 12, 0, 1, 1)

        self.districts_choice_layout = QHBoxLayout()
        self.districts_choice_layout.setSpacing(6)
        self.districts_choice_layout.setObjectName(u"districts_choice_layout")
        self.county_wide_radio = QRadioButton(RecommendationDialog)
        self.county_wide_radio.setObjectName(u"county_wide_radio")
        self.county_wide_radio.setChecked(True)

        self.districts_choice_layout.addWidget(self.county_wide_radio)

        self.particular_radio = QRadioButton(RecommendationDialog)
        self.particular_radio.setObjectName(u"particular_radio")

        self.districts_choice_layout.addWidget(self.particular_radio)

        self.districts_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.districts_choice_layout.addItem(self.districts_spacer)


        self.left_layout.addLayout(self.districts_choice_layout, 12, 1, 1, 1)

        self.districts_list = QListWidget(RecommendationDialog)
        self.districts_list.setObjectName(u"districts_list")
        self.districts_list.setMaximumSize(QSize(16777215, 84))

        self.left_layout.addWidget(self.districts_list, 14, 1, 1, 1)

        self.districts_error = QLabel(RecommendationDialog)
        self.districts_error.setObjectName(u"districts_error")
        self.districts_error.setProperty(u"role", u"error")
        self.districts_error.setWordWrap(True)

        self.left_layout.addWidget(self.districts_error, 15, 1, 1, 1)

        self.key_decision_layout = QHBoxLayout()
        self.key_decision_layout.setSpacing(16)
        self.key_decision_layout.setObjectName(u"key_decision_layout")
        self.key_decision_check = QCheckBox(RecommendationDialog)
        self.key_decision_check.setObjectName(u"key_decision_check")

        self.key_decision_layout.addWidget(self.key_decision_check)

        self.decision_no_label = QLabel(RecommendationDialog)
        self.decision_no_label.setObjectName(u"decision_no_label")

        self.key_decision_layout.addWidget(self.decision_no_label)

        self.decision_no_edit = QLineEdit(RecommendationDialog)
        self.decision_no_edit.setObjectName(u"decision_no_edit")

        self.key_decision_layout.addWidget(self.decision_no_edit)


        self.left_layout.addLayout(self.key_decision_layout, 16, 1, 1, 1)

        self.decision_error = QLabel(RecommendationDialog)
        self.decision_error.setObjectName(u"decision_error")
        self.decision_error.setProperty(u"role", u"error")
        self.decision_error.setWordWrap(True)

        self.left_layout.addWidget(self.decision_error, 17, 1, 1, 1)

        self.left_stretch = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.left_layout.addItem(self.left_stretch, 18, 1, 1, 1)

        self.left_layout.setColumnStretch(1, 1)

        self.columns_layout.addLayout(self.left_layout)

        self.right_layout = QGridLayout()
        self.right_layout.setObjectName(u"right_layout")
        self.right_layout.setHorizontalSpacing(12)
        self.right_layout.setVerticalSpacing(4)
        self.remit_label = QLabel(RecommendationDialog)
        self.remit_label.setObjectName(u"remit_label")
        self.remit_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.right_layout.addWidget(self.remit_label, 0, 0, 1, 1)

        self.remit_list = QListWidget(RecommendationDialog)
        self.remit_list.setObjectName(u"remit_list")
        self.remit_list.setMaximumSize(QSize(16777215, 210))
        self.remit_list.setMinimumSize(QSize(0, 120))
        self.remit_list.setWordWrap(True)

        self.right_layout.addWidget(self.remit_list, 0, 1, 1, 1)

        self.remit_error = QLabel(RecommendationDialog)
        self.remit_error.setObjectName(u"remit_error")
        self.remit_error.setProperty(u"role", u"error")
        self.remit_error.setWordWrap(True)

        self.right_layout.addWidget(self.remit_error, 1, 1, 1, 1)

        self.financial_label = QLabel(RecommendationDialog)
        self.financial_label.setObjectName(u"financial_label")
        self.financial_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.right_layout.addWidget(self.financial_label, 2, 0, 1, 1)

        self.financial_edit = QPlainTextEdit(RecommendationDialog)
        self.financial_edit.setObjectName(u"financial_edit")
        self.financial_edit.setMaximumSize(QSize(16777215, 58))
        self.financial_edit.setTabChangesFocus(True)

        self.right_layout.addWidget(self.financial_edit, 2, 1, 1, 1)

        self.financial_error = QLabel(RecommendationDialog)
        self.financial_error.setObjectName(u"financial_error")
        self.financial_error.setProperty(u"role", u"error")
        self.financial_error.setWordWrap(True)

        self.right_layout.addWidget(self.financial_error, 3, 1, 1, 1)

        self.legal_label = QLabel(RecommendationDialog)
        self.legal_label.setObjectName(u"legal_label")
        self.legal_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.right_layout.addWidget(self.legal_label, 4, 0, 1, 1)

        self.legal_edit = QPlainTextEdit(RecommendationDialog)
        self.legal_edit.setObjectName(u"legal_edit")
        self.legal_edit.setMaximumSize(QSize(16777215, 58))
        self.legal_edit.setTabChangesFocus(True)

        self.right_layout.addWidget(self.legal_edit, 4, 1, 1, 1)

        self.legal_error = QLabel(RecommendationDialog)
        self.legal_error.setObjectName(u"legal_error")
        self.legal_error.setProperty(u"role", u"error")
        self.legal_error.setWordWrap(True)

        self.right_layout.addWidget(self.legal_error, 5, 1, 1, 1)

        self.equality_label = QLabel(RecommendationDialog)
        self.equality_label.setObjectName(u"equality_label")
        self.equality_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.right_layout.addWidget(self.equality_label, 6, 0, 1, 1)

        self.equality_edit = QPlainTextEdit(RecommendationDialog)
        self.equality_edit.setObjectName(u"equality_edit")
        self.equality_edit.setMaximumSize(QSize(16777215, 58))
        self.equality_edit.setTabChangesFocus(True)

        self.right_layout.addWidget(self.equality_edit, 6, 1, 1, 1)

        self.equality_error = QLabel(RecommendationDialog)
        self.equality_error.setObjectName(u"equality_error")
        self.equality_error.setProperty(u"role", u"error")
        self.equality_error.setWordWrap(True)

        self.right_layout.addWidget(self.equality_error, 7, 1, 1, 1)

        self.data_protection_label = QLabel(RecommendationDialog)
        self.data_protection_label.setObjectName(u"data_protection_label")
        self.data_protection_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.right_layout.addWidget(self.data_protection_label, 8, 0, 1, 1)

        self.data_protection_edit = QPlainTextEdit(RecommendationDialog)
        self.data_protection_edit.setObjectName(u"data_protection_edit")
        self.data_protection_edit.setMaximumSize(QSize(16777215, 58))
        self.data_protection_edit.setTabChangesFocus(True)

        self.right_layout.addWidget(self.data_protection_edit, 8, 1, 1, 1)

        self.data_protection_error = QLabel(RecommendationDialog)
        self.data_protection_error.setObjectName(u"data_protection_error")
        self.data_protection_error.setProperty(u"role", u"error")
        self.data_protection_error.setWordWrap(True)

        self.right_layout.addWidget(self.data_protection_error, 9, 1, 1, 1)

        self.reference_view_label = QLabel(RecommendationDialog)
        self.reference_view_label.setObjectName(u"reference_view_label")
        self.reference_view_label.setAlignment(Qt.AlignmentFlag.AlignLeading|Qt.AlignmentFlag.AlignLeft|Qt.AlignmentFlag.AlignTop)

        self.right_layout.addWidget(self.reference_view_label, 10, 0, 1, 1)

        self.reference_view_edit = QPlainTextEdit(RecommendationDialog)
        self.reference_view_edit.setObjectName(u"reference_view_edit")
        self.reference_view_edit.setMaximumSize(QSize(16777215, 76))
        self.reference_view_edit.setTabChangesFocus(True)

        self.right_layout.addWidget(self.reference_view_edit, 10, 1, 1, 1)

        self.reference_view_error = QLabel(RecommendationDialog)
        self.reference_view_error.setObjectName(u"reference_view_error")
        self.reference_view_error.setProperty(u"role", u"error")
        self.reference_view_error.setWordWrap(True)

        self.right_layout.addWidget(self.reference_view_error, 11, 1, 1, 1)

        self.right_stretch = QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding)

        self.right_layout.addItem(self.right_stretch, 12, 1, 1, 1)

        self.right_layout.setColumnStretch(1, 1)

        self.columns_layout.addLayout(self.right_layout)


        self.main_layout.addLayout(self.columns_layout)

        self.button_box = QDialogButtonBox(RecommendationDialog)
        self.button_box.setObjectName(u"button_box")
        self.button_box.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.button_box)

#if QT_CONFIG(shortcut)
        self.group_label.setBuddy(self.group_combo)
        self.title_label.setBuddy(self.title_edit)
        self.text_label.setBuddy(self.text_edit)
        self.rationale_label.setBuddy(self.rationale_edit)
        self.dimension_label.setBuddy(self.dimension_combo)
        self.tier_label.setBuddy(self.tier_combo)
        self.decision_no_label.setBuddy(self.decision_no_edit)
        self.remit_label.setBuddy(self.remit_list)
        self.financial_label.setBuddy(self.financial_edit)
        self.legal_label.setBuddy(self.legal_edit)
        self.equality_label.setBuddy(self.equality_edit)
        self.data_protection_label.setBuddy(self.data_protection_edit)
        self.reference_view_label.setBuddy(self.reference_view_edit)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(RecommendationDialog)

        QMetaObject.connectSlotsByName(RecommendationDialog)
    # setupUi

    def retranslateUi(self, RecommendationDialog):
        RecommendationDialog.setWindowTitle(QCoreApplication.translate("RecommendationDialog", u"Recommendation", None))
#if QT_CONFIG(accessibility)
        RecommendationDialog.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Recommendation details", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.context_label.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"The recommendation", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.form_error.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Problem saving this recommendation", None))
#endif // QT_CONFIG(accessibility)
        self.group_label.setText(QCoreApplication.translate("RecommendationDialog", u"&Group:", None))
#if QT_CONFIG(accessibility)
        self.group_combo.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Group raising the recommendation", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.group_error.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Problem with the group", None))
#endif // QT_CONFIG(accessibility)
        self.title_label.setText(QCoreApplication.translate("RecommendationDialog", u"&Title:", None))
#if QT_CONFIG(accessibility)
        self.title_edit.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Title", None))
#endif // QT_CONFIG(accessibility)
        self.title_edit.setPlaceholderText(QCoreApplication.translate("RecommendationDialog", u"A short name for the recommendation", None))
#if QT_CONFIG(accessibility)
        self.title_error.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Problem with the title", None))
#endif // QT_CONFIG(accessibility)
        self.text_label.setText(QCoreApplication.translate("RecommendationDialog", u"&Recommendation:", None))
#if QT_CONFIG(accessibility)
        self.text_edit.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Recommendation text", None))
#endif // QT_CONFIG(accessibility)
        self.text_edit.setPlaceholderText(QCoreApplication.translate("RecommendationDialog", u"What the group recommends", None))
#if QT_CONFIG(accessibility)
        self.text_error.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Problem with the recommendation text", None))
#endif // QT_CONFIG(accessibility)
        self.rationale_label.setText(QCoreApplication.translate("RecommendationDialog", u"Rationale and\n"
"e&vidence:", None))
#if QT_CONFIG(accessibility)
        self.rationale_edit.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Rationale and evidence", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.rationale_error.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Problem with the rationale", None))
#endif // QT_CONFIG(accessibility)
        self.dimension_label.setText(QCoreApplication.translate("RecommendationDialog", u"&Dimension of need:", None))
#if QT_CONFIG(accessibility)
        self.dimension_combo.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Dimension of need", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.dimension_error.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Problem with the dimension of need", None))
#endif // QT_CONFIG(accessibility)
        self.tier_label.setText(QCoreApplication.translate("RecommendationDialog", u"T&ier of provision:", None))
#if QT_CONFIG(accessibility)
        self.tier_combo.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Tier on the continuum of provision", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.tier_error.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Problem with the tier", None))
#endif // QT_CONFIG(accessibility)
        self.districts_label.setText(QCoreApplication.translate("RecommendationDialog", u"Districts:", None))
        self.county_wide_radio.setText(QCoreApplication.translate("RecommendationDialog", u"&County-wide", None))
#if QT_CONFIG(accessibility)
        self.county_wide_radio.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"County-wide", None))
#endif // QT_CONFIG(accessibility)
        self.particular_radio.setText(QCoreApplication.translate("RecommendationDialog", u"&Particular districts:", None))
#if QT_CONFIG(accessibility)
        self.particular_radio.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Particular districts", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.districts_list.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Districts affected", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.districts_error.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Problem with the districts", None))
#endif // QT_CONFIG(accessibility)
        self.key_decision_check.setText(QCoreApplication.translate("RecommendationDialog", u"&Key decision", None))
#if QT_CONFIG(accessibility)
        self.key_decision_check.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"This is a key decision", None))
#endif // QT_CONFIG(accessibility)
        self.decision_no_label.setText(QCoreApplication.translate("RecommendationDialog", u"Decision n&o.:", None))
#if QT_CONFIG(accessibility)
        self.decision_no_edit.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Decision number", None))
#endif // QT_CONFIG(accessibility)
        self.decision_no_edit.setPlaceholderText(QCoreApplication.translate("RecommendationDialog", u"e.g. 10/01234", None))
#if QT_CONFIG(accessibility)
        self.decision_error.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Problem with the key decision", None))
#endif // QT_CONFIG(accessibility)
        self.remit_label.setText(QCoreApplication.translate("RecommendationDialog", u"Re&mit points\n"
"answered:", None))
#if QT_CONFIG(accessibility)
        self.remit_list.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Remit points of the group it answers", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.remit_error.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Problem with the remit points", None))
#endif // QT_CONFIG(accessibility)
        self.financial_label.setText(QCoreApplication.translate("RecommendationDialog", u"&Financial\n"
"implications:", None))
#if QT_CONFIG(accessibility)
        self.financial_edit.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Financial implications", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.financial_error.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Problem with the financial implications", None))
#endif // QT_CONFIG(accessibility)
        self.legal_label.setText(QCoreApplication.translate("RecommendationDialog", u"&Legal\n"
"implications:", None))
#if QT_CONFIG(accessibility)
        self.legal_edit.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Legal implications", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.legal_error.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Problem with the legal implications", None))
#endif // QT_CONFIG(accessibility)
        self.equality_label.setText(QCoreApplication.translate("RecommendationDialog", u"E&quality\n"
"implications:", None))
#if QT_CONFIG(accessibility)
        self.equality_edit.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Equality implications", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.equality_error.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Problem with the equality implications", None))
#endif // QT_CONFIG(accessibility)
        self.data_protection_label.setText(QCoreApplication.translate("RecommendationDialog", u"D&ata protection\n"
"implications:", None))
#if QT_CONFIG(accessibility)
        self.data_protection_edit.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Data protection implications", None))
#endif // QT_CONFIG(accessibility)
#if QT_CONFIG(accessibility)
        self.data_protection_error.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Problem with the data protection implications", None))
#endif // QT_CONFIG(accessibility)
        self.reference_view_label.setText(QCoreApplication.translate("RecommendationDialog", u"Reference group's\n"
"&view:", None))
#if QT_CONFIG(accessibility)
        self.reference_view_edit.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Reference group's view", None))
#endif // QT_CONFIG(accessibility)
        self.reference_view_edit.setPlaceholderText(QCoreApplication.translate("RecommendationDialog", u"What the Parent/Carer Reference Group said", None))
#if QT_CONFIG(accessibility)
        self.reference_view_error.setAccessibleName(QCoreApplication.translate("RecommendationDialog", u"Problem with the reference group's view", None))
#endif // QT_CONFIG(accessibility)
    # retranslateUi

